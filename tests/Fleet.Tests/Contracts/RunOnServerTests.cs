using Fleet.Tests.Client;
using Fleet.Tests.Core;

namespace Fleet.Tests.Contracts;

/// <summary>`fleet run` on the real test host: it sends the Contracts' start request and reads the run's status and summary through them.</summary>
[Collection(HostCollection.Name)]
public sealed class RunOnServerTests(HostFixture host) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Fleet_run_plays_a_scenario_on_the_server_and_prints_its_summary()
    {
        var file = _folder.Write("meets.yaml", """
            name: cli-on-server
            duration: 10m
            fleet:
              - domain: credit
                count: 1
            traffic: { rate: 1, shape: flat }
            expectations:
              - { description: "a quiet run moves nothing", targets: { ids: [credit-001] }, maxLevel: 1 }
            """);

        var cli = await CliRunner.AgainstAsync(host, "run", file, "--seed", "7");

        Assert.True(cli.ExitCode == 0, cli.Error + cli.Output);
        Assert.Contains("started: 1 models", cli.Output);
        Assert.Matches("finished: [0-9,]+ events, [0-9]+ transitions, digest [0-9a-f]{64}", cli.Output);
        Assert.Contains("pass a quiet run moves nothing", cli.Output);
    }
}
