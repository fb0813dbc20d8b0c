using Npgsql;

namespace Fleet.Tests.Cluster;

/// <summary>Reads Orleans' ADO.NET membership table, as the silos and clients find each other through it.</summary>
internal static class ClusterMembership
{
    /// <summary>Orleans' SiloStatus.Active as stored in the table.</summary>
    private const int Active = 3;

    public static async Task<int> ActiveSilosAsync(string connectionString, string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @cluster AND status = @active", connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        command.Parameters.AddWithValue("active", Active);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }
}
