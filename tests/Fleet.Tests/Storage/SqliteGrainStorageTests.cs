using Fleet.Silo.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Xunit;

namespace Fleet.Tests.Storage;

/// <summary>
/// Fleet's SQLite grain storage on a real database file: ETags guard against a second activation's writes, and
/// writes arriving together share group commits.
/// </summary>
public sealed class SqliteGrainStorageTests : IAsyncLifetime
{
    private readonly TempSqliteFile _file = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private FleetStorageOptions _storage = null!;
    private GroupCommitWriter _writer = null!;
    private SqliteGrainStorage _grains = null!;

    public async Task InitializeAsync()
    {
        _storage = new FleetStorageOptions { SqlitePath = _file.Path };
        await SchemaInstaller.InstallAsync(_storage);
        _writer = GroupCommitWriter.Open(_storage, "svc", NullLogger.Instance);
        _grains = new SqliteGrainStorage("fleet", new FleetDatabase(_storage, "svc"), _writer,
            new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>()), _services.GetRequiredService<IActivatorProvider>());
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _file.Dispose();
    }

    private static GrainId Grain(int i) => GrainId.Create("probe", $"g{i}");

    private static GrainState<ProbeState> State(string text, string? etag = null) =>
        new(new ProbeState { Text = text, Writes = 1 }) { ETag = etag };

    private async Task<(ProbeState State, string? ETag, bool RecordExists)> ReadAsync(GrainId grain)
    {
        var state = new GrainState<ProbeState>();
        await _grains.ReadStateAsync("probe", grain, state);
        return (state.State ?? throw new InvalidOperationException("the read left no state"), state.ETag, state.RecordExists);
    }

    [Fact]
    public async Task A_write_over_a_version_another_activation_has_moved_on_fails_and_changes_nothing()
    {
        var first = State("first");
        await _grains.WriteStateAsync("probe", Grain(1), first);
        var stale = State("stale", first.ETag);
        await _grains.WriteStateAsync("probe", Grain(1), State("second", first.ETag)); // the other activation

        await Assert.ThrowsAsync<InconsistentStateException>(() => _grains.WriteStateAsync("probe", Grain(1), stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _grains.ClearStateAsync("probe", Grain(1), stale));

        var stored = await ReadAsync(Grain(1));
        Assert.Equal(("second", "2", true), (stored.State.Text, stored.ETag, stored.RecordExists));
    }

    [Fact]
    public async Task A_first_write_where_another_activation_already_wrote_fails()
    {
        await _grains.WriteStateAsync("probe", Grain(2), State("theirs"));

        await Assert.ThrowsAsync<InconsistentStateException>(() => _grains.WriteStateAsync("probe", Grain(2), State("mine")));
        Assert.Equal("theirs", (await ReadAsync(Grain(2))).State.Text);
    }

    [Fact]
    public async Task A_state_never_written_reads_as_a_new_instance_without_an_etag()
    {
        var state = await ReadAsync(Grain(3));
        Assert.Equal(("", 0, null, false), (state.State.Text, state.State.Writes, state.ETag, state.RecordExists));
    }

    [Fact]
    public async Task Writes_sent_together_share_commits_and_each_is_stored()
    {
        const int Grains = 200;
        var groupsBefore = _writer.Groups;
        await Task.WhenAll(Enumerable.Range(0, Grains).Select(i => _grains.WriteStateAsync("probe", Grain(100 + i), State($"text {i}"))));

        // One commit each would be 200 groups; sent at once they queue behind the first commit and share the next ones.
        Assert.InRange(_writer.Groups - groupsBefore, 1, Grains / 2);
        for (var i = 0; i < Grains; i += 37) Assert.Equal($"text {i}", (await ReadAsync(Grain(100 + i))).State.Text);
    }
}
