using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Fleet.Silo.Storage;

/// <summary>
/// A SQLite connection that, once open, waits for the database's write lock in SQLite's own busy handler, which
/// retries within milliseconds of the lock's release. Every SQLite connection Fleet opens at run time is one of these
/// (<see cref="FleetDatabase"/>): the silo's writer (<see cref="GroupCommitWriter"/>) and the few stores that write on
/// their own (keys, exercises, reviews, recordings, the run journal).
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite's own retry sleeps 150 ms between attempts: a writer that finds the lock taken is ready again
/// only 150 ms later, and each writer that comes in meanwhile takes the lock ahead of it. The wait is bounded by the
/// same <see cref="FleetStorageOptions.SqliteBusySeconds"/> as that retry, which then only sees SQLITE_BUSY once the
/// bound has passed.
/// </remarks>
public sealed class LockWaitingSqliteConnection(string connectionString) : SqliteConnection(connectionString)
{
    /// <summary>Also the path of <see cref="DbConnection.OpenAsync(CancellationToken)"/>, which SqliteConnection does not override.</summary>
    public override void Open()
    {
        base.Open();
        using var command = CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {FleetStorageOptions.SqliteBusySeconds * 1000};";
        command.ExecuteNonQuery();
    }
}
