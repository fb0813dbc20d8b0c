using System.Buffers;
using System.Text;
using System.Text.Json;
using Fleet.Dashboard.Limits;
using Fleet.Events;
using Fleet.Users;

namespace Fleet.Dashboard.Api;

/// <summary>
/// Reads the body of POST /api/models/{id}/events straight into an <see cref="EventBatch"/> with a
/// <see cref="Utf8JsonReader"/>: no JSON document, no request objects, features straight into
/// <see cref="FeatureRow"/>s. It refuses what the API's JSON convention (<see cref="FleetJson"/>) refuses, naming the
/// field: JSON that does not parse or nests too deep, unknown fields (names match case-insensitively), wrong types,
/// strings with control or bidirectional characters. A body is judged in the order the convention's reader judged it:
/// the JSON as a whole first, then the batch id's text, then the number of events (413), then missing or malformed
/// fields, predictions before outcomes. Range and time checks are the grain's (it knows the model's clock), so the HTTP
/// and simulated paths judge alike. One per request.
/// </summary>
public sealed class EventBatchParser
{
    /// <summary>The nesting a body may reach (the serializer's default, which the convention keeps).</summary>
    public const int MaxDepth = 64;

    private static readonly string[] BatchFields = ["batchId", "sentAt", "predictions", "outcomes"];
    private static readonly string[] PredictionFields =
        ["timestamp", "predictionId", "segment", "features", "score", "latencyMs", "servedLevel", "fallback", "error", "timeout", "version", "holdout", "user"];
    private static readonly string[] OutcomeFields = ["timestamp", "predictionId", "label", "clicked", "converted", "value", "feedback", "optOut"];
    private static readonly byte[][] BatchUtf8 = Utf8(BatchFields);
    private static readonly byte[][] PredictionUtf8 = Utf8(PredictionFields);
    private static readonly byte[][] OutcomeUtf8 = Utf8(OutcomeFields);

    private readonly FeatureRowBuilder _features = new();
    private readonly RepeatedText _repeated = new();
    private readonly List<PredictionEvent> _predictions;
    private readonly List<OutcomeEvent> _outcomes = [];
    private int _predictionCount;
    private int _outcomeCount;
    private ApiError? _predictionProblem;
    private ApiError? _outcomeProblem;

    // Where the reader is, for the field an error names: a top-level property, an element of a list, its property, a feature.
    private string? _property;
    private string? _list;
    private int _index;
    private string? _elementProperty;
    private string? _feature;

    private EventBatchParser(long bodyBytes) =>
        // A prediction takes at least ~50 bytes of JSON; the capacity is a guess that spares most regrowth, not a limit.
        _predictions = new List<PredictionEvent>((int)Math.Min(bodyBytes / 200, IngestionLimits.MaxBatchEvents));

    /// <summary>The batch, or why it is refused (<c>TooLarge</c>: by its number of events, a 413).</summary>
    public readonly record struct Result(EventBatch? Batch, ApiError? Error, bool TooLarge = false);

    /// <summary>Reads a whole body; <paramref name="now"/> stands for a missing <c>sentAt</c>.</summary>
    public static Result Parse(ReadOnlySequence<byte> body, DateTimeOffset now) => new EventBatchParser(body.Length).Read(body, now);

    private Result Read(ReadOnlySequence<byte> body, DateTimeOffset now)
    {
        string? batchId = null;
        DateTimeOffset? sentAt = null;
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                reader.Read(); // anything after the value is a JSON error
                return Refused("body", "is empty or null");
            }
            if (reader.TokenType != JsonTokenType.StartObject) throw new Refusal("has the wrong type (expected an object)");
            var hint = 0;
            int field;
            while ((field = NextProperty(ref reader, BatchUtf8, BatchFields, ref hint, ref _property)) >= 0)
            {
                switch (field)
                {
                    case 0: batchId = String(ref reader); break;
                    case 1: sentAt = Time(ref reader); break;
                    case 2: ReadPredictions(ref reader); break;
                    default: ReadOutcomes(ref reader); break;
                }
                _property = null;
            }
            reader.Read(); // anything after the object is a JSON error
        }
        catch (Refusal refusal)
        {
            return Refused(Field(), refusal.Message);
        }
        catch (JsonException e)
        {
            return Refused(Field(), "is not valid JSON: " + Cut(e.Message));
        }
        catch (InvalidOperationException e) // text the reader cannot turn into a string (a lone surrogate, invalid UTF-8)
        {
            return Refused(Field(), "is not valid JSON: " + e.Message);
        }

        if (batchId is not null && TextRules.Problem(batchId, TextRules.MaxNameLength) is { } idProblem) return Refused("batchId", idProblem);
        var events = _predictionCount + _outcomeCount;
        if (events > IngestionLimits.MaxBatchEvents)
            return new Result(null, ApiError.For("predictions", $"the batch holds {events} events; at most {IngestionLimits.MaxBatchEvents} are accepted per batch"), TooLarge: true);
        if (string.IsNullOrWhiteSpace(batchId)) return Refused("batchId", "is required");
        if ((_predictionProblem ?? _outcomeProblem) is { } problem) return new Result(null, problem);
        return new Result(new EventBatch(batchId, sentAt ?? now, _predictions.ToArray(), _outcomes.ToArray()), null);
    }

    private void ReadPredictions(ref Utf8JsonReader reader)
    {
        // A list given twice counts as its last, as a property read twice does.
        _predictions.Clear();
        _predictionCount = 0;
        _predictionProblem = null;
        if (!StartList(ref reader, "predictions")) return;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            _predictionCount++;
            if (reader.TokenType == JsonTokenType.Null) _predictionProblem ??= ApiError.For(Field(), "is null");
            else if (reader.TokenType != JsonTokenType.StartObject) throw new Refusal("has the wrong type (expected an object)");
            else ReadPrediction(ref reader);
            _index++;
        }
        _list = null;
    }

    private void ReadPrediction(ref Utf8JsonReader reader)
    {
        DateTimeOffset? at = null;
        string? id = null, segment = null, version = null;
        double? score = null, latency = null;
        int? servedLevel = null;
        bool? fallback = null, error = null, timeout = null, holdout = null;
        ulong? user = null;
        FeatureRow? row = null;
        ApiError? featureProblem = null;
        var hint = 0;
        int field;
        while ((field = NextProperty(ref reader, PredictionUtf8, PredictionFields, ref hint, ref _elementProperty)) >= 0)
        {
            switch (field)
            {
                case 0: at = Time(ref reader); break;
                case 1: id = String(ref reader); break;
                case 2: segment = Label(ref reader); break;
                case 3: row = Features(ref reader, ref featureProblem); break;
                case 4: score = Number(ref reader); break;
                case 5: latency = Number(ref reader); break;
                case 6: servedLevel = Integer(ref reader); break;
                case 7: fallback = Boolean(ref reader); break;
                case 8: error = Boolean(ref reader); break;
                case 9: timeout = Boolean(ref reader); break;
                case 10: version = Label(ref reader); break;
                case 11: holdout = Boolean(ref reader); break;
                default: user = User(ref reader); break;
            }
            _elementProperty = null;
        }
        if (_predictionProblem is not null) return;
        _predictionProblem = at is null ? ApiError.For(ElementField("timestamp"), "is required")
            : id is null ? ApiError.For(ElementField("predictionId"), "is required")
            : latency is null ? ApiError.For(ElementField("latencyMs"), "is required")
            : featureProblem;
        if (_predictionProblem is not null) return;
        _predictions.Add(new PredictionEvent(at!.Value, id!, segment, score, latency!.Value, servedLevel ?? 1,
            fallback ?? false, error ?? false, timeout ?? false, row, version, holdout ?? false, user));
    }

    /// <summary>Features as a row; a value of another kind (a list, an object) is the prediction's problem, once its required fields are there.</summary>
    private FeatureRow? Features(ref Utf8JsonReader reader, ref ApiError? problem)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartObject) throw new Refusal("has the wrong type (expected an object)");
        _features.Begin();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            _feature = _features.Name(ref reader);
            if (TextRules.Problem(_feature, int.MaxValue, freeText: true) is { } nameProblem) throw new Refusal(nameProblem);
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.Number: _features.Add(_feature, new FeatureValue(Finite(ref reader), null)); break;
                case JsonTokenType.String: _features.Add(_feature, new FeatureValue(null, Label(ref reader))); break;
                case JsonTokenType.True: _features.Add(_feature, new FeatureValue(null, "true")); break;
                case JsonTokenType.False: _features.Add(_feature, new FeatureValue(null, "false")); break;
                case JsonTokenType.Null: _features.Add(_feature, new FeatureValue(null, null)); break;
                default:
                    problem ??= ApiError.For(Field(), "must be a number, a string, a boolean or null");
                    reader.Skip();
                    break;
            }
            _feature = null;
        }
        return problem is null ? _features.Row() : null;
    }

    private void ReadOutcomes(ref Utf8JsonReader reader)
    {
        _outcomes.Clear();
        _outcomeCount = 0;
        _outcomeProblem = null;
        if (!StartList(ref reader, "outcomes")) return;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            _outcomeCount++;
            if (reader.TokenType == JsonTokenType.Null) _outcomeProblem ??= ApiError.For(Field(), "is null");
            else if (reader.TokenType != JsonTokenType.StartObject) throw new Refusal("has the wrong type (expected an object)");
            else ReadOutcome(ref reader);
            _index++;
        }
        _list = null;
    }

    private void ReadOutcome(ref Utf8JsonReader reader)
    {
        DateTimeOffset? at = null;
        string? id = null, feedback = null;
        double? label = null, value = null;
        bool? clicked = null, converted = null, optOut = null;
        var hint = 0;
        int field;
        while ((field = NextProperty(ref reader, OutcomeUtf8, OutcomeFields, ref hint, ref _elementProperty)) >= 0)
        {
            switch (field)
            {
                case 0: at = Time(ref reader); break;
                case 1: id = String(ref reader); break;
                case 2: label = Number(ref reader); break;
                case 3: clicked = Boolean(ref reader); break;
                case 4: converted = Boolean(ref reader); break;
                case 5: value = Number(ref reader); break;
                case 6: feedback = String(ref reader); break;
                default: optOut = Boolean(ref reader); break;
            }
            _elementProperty = null;
        }
        if (_outcomeProblem is not null) return;
        _outcomeProblem = at is null ? ApiError.For(ElementField("timestamp"), "is required")
            : id is null ? ApiError.For(ElementField("predictionId"), "is required")
            : label is null ? ApiError.For(ElementField("label"), "is required")
            : null;
        if (_outcomeProblem is not null) return;
        UserResponse? response = null;
        if (clicked is not null || converted is not null || value is not null || feedback is not null || optOut is not null)
        {
            UserFeedback? said = feedback switch
            {
                null => null,
                "up" => UserFeedback.Up,
                "down" => UserFeedback.Down,
                "not-for-me" => UserFeedback.NotForMe,
                _ => null,
            };
            if (feedback is not null && said is null)
            {
                _outcomeProblem = ApiError.For(ElementField("feedback"), "must be up, down or not-for-me");
                return;
            }
            response = new UserResponse(clicked ?? false, converted ?? false, value ?? 0, said, optOut ?? false);
        }
        _outcomes.Add(new OutcomeEvent(at!.Value, id!, label!.Value, response));
    }

    private bool StartList(ref Utf8JsonReader reader, string list)
    {
        if (reader.TokenType == JsonTokenType.Null) return false;
        if (reader.TokenType != JsonTokenType.StartArray) throw new Refusal("has the wrong type (expected an array)");
        _list = list;
        _index = 0;
        return true;
    }

    /// <summary>
    /// Moves to the next property of the object the reader is in and onto its value: the field's position in
    /// <paramref name="names"/>, or -1 at the object's end. <paramref name="hint"/> is where the last field was found,
    /// since senders write fields in one order; <paramref name="at"/> becomes the field's name (for errors).
    /// </summary>
    private static int NextProperty(ref Utf8JsonReader reader, byte[][] utf8, string[] names, ref int hint, ref string? at)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.PropertyName) return -1;
        var field = Match(ref reader, utf8, hint);
        if (field < 0)
        {
            at = reader.GetString();
            throw new Refusal("is not a known field");
        }
        hint = field + 1;
        at = names[field];
        reader.Read();
        return field;
    }

    private static int Match(ref Utf8JsonReader reader, byte[][] names, int hint)
    {
        ReadOnlySpan<byte> name;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence) name = reader.ValueSpan;
        else
        {
            // Escaped or split across buffers (rare): compared unescaped, as the serializer compares names.
            var text = reader.GetString()!;
            if (text.Length > 32) return -1;
            name = Encoding.UTF8.GetBytes(text);
        }
        for (var k = 0; k < names.Length; k++)
        {
            var i = (hint + k) % names.Length;
            if (name.SequenceEqual(names[i]) || System.Text.Ascii.EqualsIgnoreCase(name, names[i])) return i;
        }
        return -1;
    }

    private static string? String(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.String) throw new Refusal("has the wrong type (expected a string)");
        var text = reader.GetString()!;
        return TextRules.Problem(text, int.MaxValue, freeText: true) is { } problem ? throw new Refusal(problem) : text;
    }

    /// <summary>
    /// An opaque user id, kept only as its hash (<see cref="UserKey"/>): an id's length and characters, not a free text's;
    /// empty is refused (it would count every user without an id as one user).
    /// </summary>
    private static ulong? User(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.String) throw new Refusal("has the wrong type (expected a string)");
        var text = reader.GetString()!;
        if (text.Length == 0) throw new Refusal("must not be empty");
        return TextRules.Problem(text, TextRules.MaxIdLength) is { } problem ? throw new Refusal(problem) : UserKey.Of(text);
    }

    /// <summary>A string that batches repeat (a segment, a version, a category): read through <see cref="RepeatedText"/>.</summary>
    private string? Label(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String) return String(ref reader);
        var text = _repeated.Read(ref reader, out var seen);
        return seen || TextRules.Problem(text, int.MaxValue, freeText: true) is not { } problem ? text : throw new Refusal(problem);
    }

    private static double? Number(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null
        : reader.TokenType == JsonTokenType.Number ? Finite(ref reader)
        : throw new Refusal("has the wrong type (expected a finite number)");

    private static double Finite(ref Utf8JsonReader reader) =>
        reader.TryGetDouble(out var value) ? value : throw new Refusal("has the wrong type (expected a finite number)");

    private static int? Integer(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null
        : reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value
        : throw new Refusal("has the wrong type (expected a finite number)");

    private static bool? Boolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new Refusal("has the wrong type (expected true or false)"),
    };

    private static DateTimeOffset? Time(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null
        : reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var at) ? at
        : throw new Refusal("has the wrong type (expected an ISO 8601 timestamp)");

    /// <summary>The field the reader is at, as a path: <c>predictions[3].features.age</c>; the body itself when at none.</summary>
    private string Field() =>
        _list is null ? _property ?? "body"
        : _feature is not null ? $"{_list}[{_index}].features.{_feature}"
        : _elementProperty is not null ? ElementField(_elementProperty)
        : $"{_list}[{_index}]";

    private string ElementField(string property) => $"{_list}[{_index}].{property}";

    private static Result Refused(string field, string reason) => new(null, ApiError.For(field, reason));

    private static string Cut(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at > 0 ? message[..at] : message;
    }

    private static byte[][] Utf8(string[] names) => names.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>A refusal at the reader's place; the parse stops there.</summary>
    private sealed class Refusal(string reason) : Exception(reason);
}
