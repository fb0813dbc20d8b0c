using System.Data;
using System.Data.Common;

namespace Fleet.Silo.Storage.BatchLog;

/// <summary>One change to the batch log waiting for the next group commit; <see cref="Done"/> completes once it is durable.</summary>
internal abstract class LogWrite(string model)
{
    public string Model { get; } = model;
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Bytes it adds to a group (a group is capped so one commit stays short).</summary>
    public abstract int Bytes { get; }

    public abstract string Sql { get; }

    public abstract void Bind(DbParameterCollection parameters, DbProviderFactory factory);

    protected static void Add(DbParameterCollection parameters, DbProviderFactory factory, string name, DbType type, object value)
    {
        var parameter = factory.CreateParameter()!;
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value;
        parameters.Add(parameter);
    }
}

/// <summary>Appends one encoded batch at its position.</summary>
internal sealed class AppendWrite(string serviceId, string model, long position, byte[] payload) : LogWrite(model)
{
    public override int Bytes => payload.Length + 64;

    public override string Sql => BatchLogSql.Append;

    public override void Bind(DbParameterCollection parameters, DbProviderFactory factory)
    {
        Add(parameters, factory, "@ServiceId", DbType.String, serviceId);
        Add(parameters, factory, "@ModelId", DbType.String, Model);
        Add(parameters, factory, "@Position", DbType.Int64, position);
        Add(parameters, factory, "@Payload", DbType.Binary, payload);
    }
}

/// <summary>Drops a model's batches up to a position.</summary>
internal sealed class TruncateWrite(string serviceId, string model, long throughPosition) : LogWrite(model)
{
    public override int Bytes => 64;

    public override string Sql => BatchLogSql.Truncate;

    public override void Bind(DbParameterCollection parameters, DbProviderFactory factory)
    {
        Add(parameters, factory, "@ServiceId", DbType.String, serviceId);
        Add(parameters, factory, "@ModelId", DbType.String, Model);
        Add(parameters, factory, "@Position", DbType.Int64, throughPosition);
    }
}

/// <summary>The log's statements; the same text runs on SQLite and PostgreSQL (unquoted names, @parameters).</summary>
internal static class BatchLogSql
{
    public const string Append =
        "INSERT INTO FleetBatchLog (ServiceId, ModelId, Position, Payload) VALUES (@ServiceId, @ModelId, @Position, @Payload)";

    public const string Truncate =
        "DELETE FROM FleetBatchLog WHERE ServiceId = @ServiceId AND ModelId = @ModelId AND Position <= @Position";

    public const string Read =
        "SELECT Position, Payload FROM FleetBatchLog WHERE ServiceId = @ServiceId AND ModelId = @ModelId AND Position > @Position ORDER BY Position";
}
