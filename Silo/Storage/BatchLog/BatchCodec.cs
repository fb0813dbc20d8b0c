using System.Buffers.Binary;
using System.IO.Compression;
using Fleet.Events;
using Orleans.Serialization;

namespace Fleet.Silo.Storage.BatchLog;

/// <summary>
/// The batch log's stored form: Orleans' binary serialization of the <see cref="EventBatch"/> (the same
/// version-tolerant codec grain state uses), Brotli-compressed at its fastest level, behind a format byte and
/// the uncompressed length. Feature names and ids repeat on every prediction, so the compression is most of the gain.
/// </summary>
public sealed class BatchCodec(Serializer serializer)
{
    private const byte OrleansBrotli = 1;
    private const int HeaderBytes = 5;
    // Brotli's fastest level: ~3x smaller than the serializer's output here, at a fraction of an fsync's cost.
    private const int Quality = 1;
    private const int Window = 22;

    public byte[] Encode(EventBatch batch)
    {
        var raw = serializer.SerializeToArray(batch);
        var buffer = new byte[HeaderBytes + BrotliEncoder.GetMaxCompressedLength(raw.Length)];
        buffer[0] = OrleansBrotli;
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(1), raw.Length);
        if (!BrotliEncoder.TryCompress(raw, buffer.AsSpan(HeaderBytes), out var written, Quality, Window))
            throw new InvalidOperationException("Brotli could not compress a batch into its maximal compressed length.");
        return buffer.AsSpan(0, HeaderBytes + written).ToArray();
    }

    public EventBatch Decode(ReadOnlySpan<byte> stored)
    {
        if (stored.Length < HeaderBytes || stored[0] != OrleansBrotli)
            throw new InvalidDataException($"Unknown batch log format {(stored.Length > 0 ? stored[0] : -1)}.");
        var raw = new byte[BinaryPrimitives.ReadInt32LittleEndian(stored[1..])];
        if (!BrotliDecoder.TryDecompress(stored[HeaderBytes..], raw, out var written) || written != raw.Length)
            throw new InvalidDataException("A logged batch does not decompress to its recorded length.");
        return serializer.Deserialize<EventBatch>(raw) ?? throw new InvalidDataException("A logged batch decodes to nothing.");
    }
}
