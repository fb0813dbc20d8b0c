using System.Globalization;
using System.Text;

namespace Fleet.Benchmarks.Http;

/// <summary>
/// A request body serialised once: a batch of predictions (4 features each, the timestamp of the run's start) as
/// UTF-8 bytes, with the places of a fixed-width number in the batch id and in every prediction id. Stamping a new
/// number into a copy makes every id unique at the cost of a few bytes written, so the generator does not
/// serialise JSON while it is measured.
/// </summary>
internal sealed class BatchBody
{
    private const int Digits = 12;
    private readonly byte[] _template;
    private readonly int[] _numberAt;

    private BatchBody(byte[] template, int[] numberAt, int predictions)
    {
        _template = template;
        _numberAt = numberAt;
        Predictions = predictions;
    }

    public int Predictions { get; }

    /// <summary>A copy of the body for one sender to stamp and send.</summary>
    public byte[] Copy() => (byte[])_template.Clone();

    /// <summary>Writes <paramref name="number"/> (below 10^12) into every id of <paramref name="body"/>, a <see cref="Copy"/>.</summary>
    public void Stamp(byte[] body, long number)
    {
        Span<byte> digits = stackalloc byte[Digits];
        for (var d = Digits - 1; d >= 0; d--)
        {
            digits[d] = (byte)('0' + number % 10);
            number /= 10;
        }
        foreach (var at in _numberAt) digits.CopyTo(body.AsSpan(at, Digits));
    }

    public static BatchBody Of(int predictions, DateTimeOffset at)
    {
        var time = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var bytes = new List<byte>(220 * predictions + 100);
        var numberAt = new List<int>(predictions + 1);
        void Text(string s) => bytes.AddRange(Encoding.UTF8.GetBytes(s));
        void Number()
        {
            numberAt.Add(bytes.Count);
            Text(new string('0', Digits));
        }
        Text("""{"batchId":"b-""");
        Number();
        Text("\",\"predictions\":[");
        for (var i = 0; i < predictions; i++)
        {
            if (i > 0) Text(",");
            Text($$"""{"timestamp":"{{time}}","predictionId":"p-""");
            Number();
            Text(string.Create(CultureInfo.InvariantCulture,
                $$"""-{{i}}","segment":"18-24","features":{"age":{{20 + i % 50}},"income":{{30000 + i}},"region":"EU","device":"mobile"},"score":0.{{i * 37 % 100:00}},"latencyMs":{{20 + i % 30}}.5,"servedLevel":1,"fallback":false,"error":false,"timeout":false}"""));
        }
        Text("""],"outcomes":[]}""");
        return new BatchBody(bytes.ToArray(), numberAt.ToArray(), predictions);
    }
}
