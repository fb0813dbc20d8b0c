using System.Buffers.Binary;

namespace Fleet.Monitoring.Ingestion;

/// <summary>
/// The pending ring as a checkpoint keeps it: only the predictions that wait, oldest first, as one byte array of
/// columns (ids' keys, times in ticks, scores, segments), little-endian. Orleans writes a byte array in one copy, where
/// the ring's own arrays went element by element, empty slots included (a busy model's ring holds up to 100,000).
/// </summary>
[GenerateSerializer]
public struct StoredPending
{
    /// <summary>Key, ticks and score, 8 bytes each, and the segment's byte.</summary>
    public const int BytesPerPrediction = 25;

    [Id(0)] public int Capacity;
    /// <summary>The ring's length when stored: the restored ring holds memory for as many, as the live one did.</summary>
    [Id(1)] public int Slots;
    /// <summary>Never written once made: a checkpoint's copy shares it rather than copying megabytes (Orleans' <see cref="ImmutableAttribute"/>).</summary>
    [Id(2), Immutable] public byte[]? Waiting;

    /// <summary>Reads and writes the i-th waiting prediction of <see cref="Waiting"/>.</summary>
    internal readonly ref struct Columns
    {
        private readonly Span<byte> _keys, _ticks, _scores, _segments;

        public Columns(byte[] waiting)
        {
            if (waiting.Length % BytesPerPrediction != 0)
                throw new InvalidDataException($"A stored pending ring of {waiting.Length} bytes is not whole predictions of {BytesPerPrediction}.");
            Count = waiting.Length / BytesPerPrediction;
            var all = waiting.AsSpan();
            _keys = all[..(8 * Count)];
            _ticks = all.Slice(8 * Count, 8 * Count);
            _scores = all.Slice(16 * Count, 8 * Count);
            _segments = all.Slice(24 * Count, Count);
        }

        public int Count { get; }

        public void Write(int i, ulong key, long ticks, double score, byte segment)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_keys[(8 * i)..], key);
            BinaryPrimitives.WriteInt64LittleEndian(_ticks[(8 * i)..], ticks);
            BinaryPrimitives.WriteDoubleLittleEndian(_scores[(8 * i)..], score);
            _segments[i] = segment;
        }

        public (ulong Key, long Ticks, double Score, byte Segment) Read(int i) =>
            (BinaryPrimitives.ReadUInt64LittleEndian(_keys[(8 * i)..]), BinaryPrimitives.ReadInt64LittleEndian(_ticks[(8 * i)..]),
             BinaryPrimitives.ReadDoubleLittleEndian(_scores[(8 * i)..]), _segments[i]);
    }
}

/// <summary>Orleans stores and copies <see cref="PendingPredictions"/> through <see cref="StoredPending"/>.</summary>
[RegisterConverter]
public sealed class StoredPendingConverter : IConverter<PendingPredictions, StoredPending>
{
    public PendingPredictions ConvertFromSurrogate(in StoredPending surrogate) => PendingPredictions.FromStored(surrogate);

    public StoredPending ConvertToSurrogate(in PendingPredictions value) => value.ToStored();
}
