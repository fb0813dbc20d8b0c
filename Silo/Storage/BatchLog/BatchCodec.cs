using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Fleet.Events;

namespace Fleet.Silo.Storage.BatchLog;

/// <summary>
/// The batch log's stored form of an <see cref="EventBatch"/>: its fields in a fixed binary layout
/// (<see cref="BinaryWriter"/>: little-endian numbers, length-prefixed UTF-8 strings, one flags byte per event and a
/// prediction's user key behind a byte of its own),
/// Brotli-compressed at its fastest level, behind a format byte and the uncompressed length. Written by hand
/// rather than with Orleans' serializer, which cost several times more per batch on the acknowledgement path;
/// the round-trip test builds a batch with every field set, so a field added to the events and not here fails it.
/// </summary>
public static class BatchCodec
{
    private const byte Format = 3;
    private const int HeaderBytes = 5;
    private const int Quality = 1;
    // A 64 KiB window: as small as a batch's repeats need (feature names, id prefixes); 4 MiB windows cost more to set up.
    private const int Window = 16;

    // A batch of 1,000 predictions is ~100 KB raw: fresh buffers for it and its compression land on the large object
    // heap at every append, so both are reused (the raw one per thread, up to this size; the other from the pool).
    private const int KeptRawBytes = 1024 * 1024;
    [ThreadStatic] private static MemoryStream? t_raw;

    public static byte[] Encode(EventBatch batch)
    {
        var raw = t_raw ?? new MemoryStream(64 * 1024);
        t_raw = null;
        raw.SetLength(0);
        using (var writer = new BinaryWriter(raw, System.Text.Encoding.UTF8, leaveOpen: true)) Write(writer, batch);
        var source = raw.GetBuffer().AsSpan(0, (int)raw.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(HeaderBytes + BrotliEncoder.GetMaxCompressedLength(source.Length));
        try
        {
            buffer[0] = Format;
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(1), source.Length);
            if (!BrotliEncoder.TryCompress(source, buffer.AsSpan(HeaderBytes), out var written, Quality, Window))
                throw new InvalidOperationException("Brotli could not compress a batch into its maximal compressed length.");
            return buffer.AsSpan(0, HeaderBytes + written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (raw.Capacity <= KeptRawBytes) t_raw = raw;
        }
    }

    public static EventBatch Decode(ReadOnlySpan<byte> stored)
    {
        if (stored.Length < HeaderBytes || stored[0] != Format)
            throw new InvalidDataException($"Unknown batch log format {(stored.Length > 0 ? stored[0] : -1)}.");
        var raw = new byte[BinaryPrimitives.ReadInt32LittleEndian(stored[1..])];
        if (!BrotliDecoder.TryDecompress(stored[HeaderBytes..], raw, out var written) || written != raw.Length)
            throw new InvalidDataException("A logged batch does not decompress to its recorded length.");
        using var reader = new BinaryReader(new MemoryStream(raw), System.Text.Encoding.UTF8);
        return Read(reader);
    }

    [Flags]
    private enum PredictionFlags : byte
    {
        Segment = 1, Score = 2, Fallback = 4, Error = 8, Timeout = 16, Features = 32, Version = 64, Holdout = 128,
    }

    [Flags]
    private enum ResponseFlags : byte
    {
        Response = 1, Clicked = 2, Converted = 4, OptedOut = 8, Value = 16, Feedback = 32,
    }

    [Flags]
    private enum ValueFlags : byte
    {
        Number = 1, Category = 2,
    }

    private static void Write(BinaryWriter w, EventBatch batch)
    {
        w.Write(batch.BatchId);
        WriteTime(w, batch.SentAt);
        w.Write7BitEncodedInt(batch.Predictions.Count);
        foreach (var p in batch.Predictions)
        {
            var flags = (p.Segment is null ? 0 : PredictionFlags.Segment) | (p.Score is null ? 0 : PredictionFlags.Score)
                | (p.Fallback ? PredictionFlags.Fallback : 0) | (p.Error ? PredictionFlags.Error : 0) | (p.Timeout ? PredictionFlags.Timeout : 0)
                | (p.Features is null ? 0 : PredictionFlags.Features) | (p.Version is null ? 0 : PredictionFlags.Version)
                | (p.Holdout ? PredictionFlags.Holdout : 0);
            w.Write((byte)flags);
            WriteTime(w, p.Timestamp);
            w.Write(p.PredictionId);
            if (p.Segment is { } segment) w.Write(segment);
            if (p.Score is { } score) w.Write(score);
            if (p.Version is { } version) w.Write(version);
            w.Write(p.LatencyMs);
            w.Write7BitEncodedInt(p.ServedLevel);
            // The flags byte is full: the user's key follows the level behind a byte of its own (0: none), so replay counts the same users.
            w.Write(p.UserKey is null ? (byte)0 : (byte)1);
            if (p.UserKey is { } user) w.Write(user);
            if (p.Features is not { } features) continue;
            w.Write7BitEncodedInt(features.Count);
            foreach (var (name, value) in features)
            {
                w.Write(name);
                w.Write((byte)((value.Number is null ? 0 : ValueFlags.Number) | (value.Category is null ? 0 : ValueFlags.Category)));
                if (value.Number is { } number) w.Write(number);
                if (value.Category is { } category) w.Write(category);
            }
        }
        w.Write7BitEncodedInt(batch.Outcomes.Count);
        foreach (var o in batch.Outcomes)
        {
            WriteTime(w, o.Timestamp);
            w.Write(o.PredictionId);
            w.Write(o.Label);
            WriteResponse(w, o.Response);
        }
    }

    private static EventBatch Read(BinaryReader r)
    {
        var batchId = r.ReadString();
        var sentAt = ReadTime(r);
        var predictions = new PredictionEvent[r.Read7BitEncodedInt()];
        var schemas = new FeatureSchemaSet();
        for (var i = 0; i < predictions.Length; i++)
        {
            var flags = (PredictionFlags)r.ReadByte();
            var timestamp = ReadTime(r);
            var id = r.ReadString();
            var segment = flags.HasFlag(PredictionFlags.Segment) ? r.ReadString() : null;
            double? score = flags.HasFlag(PredictionFlags.Score) ? r.ReadDouble() : null;
            var version = flags.HasFlag(PredictionFlags.Version) ? r.ReadString() : null;
            var latency = r.ReadDouble();
            var servedLevel = r.Read7BitEncodedInt();
            ulong? user = r.ReadByte() == 1 ? r.ReadUInt64() : null;
            FeatureRow? features = null;
            if (flags.HasFlag(PredictionFlags.Features))
            {
                var count = r.Read7BitEncodedInt();
                var names = new string[count];
                var values = new FeatureValue[count];
                for (var f = 0; f < count; f++)
                {
                    names[f] = r.ReadString();
                    var valueFlags = (ValueFlags)r.ReadByte();
                    double? number = valueFlags.HasFlag(ValueFlags.Number) ? r.ReadDouble() : null;
                    var category = valueFlags.HasFlag(ValueFlags.Category) ? r.ReadString() : null;
                    values[f] = new FeatureValue(number, category);
                }
                features = new FeatureRow(schemas.For(names), values);
            }
            predictions[i] = new PredictionEvent(timestamp, id, segment, score, latency, servedLevel, flags.HasFlag(PredictionFlags.Fallback),
                flags.HasFlag(PredictionFlags.Error), flags.HasFlag(PredictionFlags.Timeout), features, version, flags.HasFlag(PredictionFlags.Holdout), user);
        }
        var outcomes = new OutcomeEvent[r.Read7BitEncodedInt()];
        for (var i = 0; i < outcomes.Length; i++) outcomes[i] = new OutcomeEvent(ReadTime(r), r.ReadString(), r.ReadDouble(), ReadResponse(r));
        return new EventBatch(batchId, sentAt, predictions, outcomes);
    }

    // One flags byte per outcome; a response's value and feedback follow only when set.
    private static void WriteResponse(BinaryWriter w, UserResponse? response)
    {
        if (response is null)
        {
            w.Write((byte)0);
            return;
        }
        var flags = ResponseFlags.Response | (response.Clicked ? ResponseFlags.Clicked : 0) | (response.Converted ? ResponseFlags.Converted : 0)
            | (response.OptedOut ? ResponseFlags.OptedOut : 0) | (response.Value != 0 ? ResponseFlags.Value : 0)
            | (response.Feedback is null ? 0 : ResponseFlags.Feedback);
        w.Write((byte)flags);
        if (response.Value != 0) w.Write(response.Value);
        if (response.Feedback is { } feedback) w.Write((byte)feedback);
    }

    private static UserResponse? ReadResponse(BinaryReader r)
    {
        var flags = (ResponseFlags)r.ReadByte();
        if (!flags.HasFlag(ResponseFlags.Response)) return null;
        var value = flags.HasFlag(ResponseFlags.Value) ? r.ReadDouble() : 0;
        UserFeedback? feedback = flags.HasFlag(ResponseFlags.Feedback) ? (UserFeedback)r.ReadByte() : null;
        return new UserResponse(flags.HasFlag(ResponseFlags.Clicked), flags.HasFlag(ResponseFlags.Converted), value, feedback,
            flags.HasFlag(ResponseFlags.OptedOut));
    }

    // Ticks and the offset in minutes: the instant and the offset the sender wrote, as DateTimeOffset holds them.
    private static void WriteTime(BinaryWriter w, DateTimeOffset at)
    {
        w.Write(at.Ticks);
        w.Write((short)at.TotalOffsetMinutes);
    }

    private static DateTimeOffset ReadTime(BinaryReader r)
    {
        var ticks = r.ReadInt64();
        return new DateTimeOffset(ticks, TimeSpan.FromMinutes(r.ReadInt16()));
    }
}
