using Fleet.Simulation;
using Fleet.Simulation.Faults;

namespace Fleet.Tests.Simulation;

/// <summary>
/// The simulated users behind a model's requests (<see cref="UserPopulation"/>): a population seeded per model, and an
/// exact count of the distinct users served degraded, which the postmortem reports as users affected.
/// </summary>
public sealed class UserPopulationTests
{
    [Theory]
    [InlineData(10.0, 36_000)]
    [InlineData(0.001, 4)] // ceil(3.6)
    [InlineData(0.00001, 1)]
    [InlineData(100.0, UserPopulation.MaxSize)]
    public void A_model_has_as_many_users_as_requests_in_an_average_hour_within_bounds(double rate, int size) =>
        Assert.Equal(size, UserPopulation.SizeFor(rate));

    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(1_000)]
    [InlineData(UserPopulation.MaxSize)]
    public void The_affected_count_is_exactly_the_distinct_users_marked(int size)
    {
        var population = new UserPopulation(new Random(3), size);
        var marks = new Random(5);
        var exact = new HashSet<int>();
        for (var i = 0; i < 3 * size; i++)
        {
            var user = i % 7 == 0 ? size - 1 : marks.Next(size); // the last user's word often, the first word's edge too
            Assert.Equal(exact.Add(user), population.MarkAffected(user));
        }
        Assert.Equal(exact.Count, population.Affected);
    }

    [Fact]
    public void A_model_failing_every_request_affects_the_distinct_users_it_drew()
    {
        // 0.5 requests a second: 1,800 users; an hour brings about 1,800 requests, every one an error. With N uniform draws
        // from P users the distinct count has mean P(1-(1-1/P)^N) and, for N ≈ P, a standard deviation of about
        // sqrt(P e^-1 (1 - 2 e^-1)) ≈ 13; four of them is the tolerance.
        var model = Sim.Model("fraud", seed: 21, rate: 0.5);
        var outage = new FaultEffects { ErrorShare = 1 };
        var trace = Sim.Generate(model, TimeSpan.FromHours(1), outage);
        var n = trace.Predictions.Count;
        var p = (double)model.Users.Size;
        Assert.Equal(1_800, model.Users.Size);
        Assert.All(trace.Predictions, e => Assert.True(e.Error || e.Timeout));
        var expected = p * (1 - Math.Pow(1 - 1 / p, n));
        Assert.InRange(model.Users.Affected, expected - 4 * 13.2, expected + 4 * 13.2);
    }

    [Fact]
    public void A_healthy_model_affects_only_the_few_users_of_its_base_failures()
    {
        var model = Sim.Model("fraud", seed: 21, rate: 0.5);
        var trace = Sim.Generate(model, TimeSpan.FromHours(1));
        var failed = trace.Predictions.Count(e => e.Error || e.Timeout);
        Assert.True(model.Users.Affected <= failed, $"{model.Users.Affected} users affected by {failed} failures");
        Assert.InRange(model.Users.Affected, 0, 5);
    }

    [Fact]
    public void The_same_seed_affects_the_same_users()
    {
        int Affected(int seed)
        {
            var model = Sim.Model("fraud", seed: seed, rate: 2);
            Sim.Generate(model, TimeSpan.FromMinutes(30), new FaultEffects { ErrorShare = 0.3 });
            return model.Users.Affected;
        }
        Assert.Equal(Affected(9), Affected(9));
        Assert.NotEqual(Affected(9), Affected(10));
    }
}
