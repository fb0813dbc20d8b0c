using Fleet.Events;
using Fleet.Models;
using Fleet.Simulation.Faults;

namespace Fleet.Simulation;

/// <summary>
/// One simulated production model that behaves like ML: features drawn from distributions, a true
/// concept that makes outcomes and a learned concept that makes predictions, labels that arrive after
/// a delay, latency with a tail, a served level that follows the monitor's decision. It only emits
/// the events a real model would send; the monitor never sees the concepts.
/// </summary>
public sealed class SimulatedModel
{
    public const int NumericFeatures = 4;
    /// <summary>The age bands every request belongs to (a segment-bias names one).</summary>
    public static readonly IReadOnlyList<string> Segments = ["18-24", "25-34", "35-54", "55+"];
    private static readonly double[] SegmentWeights = [0.2, 0.35, 0.3, 0.15];
    private static readonly string[] Regions = ["eu", "us", "apac"];
    private const int ItemCategories = 10;
    /// <summary>The numeric features every prediction logs (a pipeline failure breaks one of them).</summary>
    public static readonly IReadOnlyList<string> FeatureNames = ["f1", "f2", "f3", "f4"];
    private const int RegionFeature = NumericFeatures, ItemCategoryFeature = NumericFeatures + 1;
    // Every prediction of a model logs the same features: rows share one schema (recommenders add the item category).
    private static readonly FeatureSchema Schema = new([.. FeatureNames, "region"]);
    private static readonly FeatureSchema RecommenderSchema = new([.. FeatureNames, "region", "item_category"]);
    private static readonly string[] CategoryNames = Enumerable.Range(0, ItemCategories).Select(k => $"c{k}").ToArray();
    // A mild long tail: the top category is about 20% of what a healthy recommender shows (domain.md's bar is 30%).
    private static readonly double[] CategoryWeights = Enumerable.Range(0, ItemCategories).Select(k => 1.0 / Math.Sqrt(k + 1)).ToArray();
    private static readonly double HealthyTopShare = CategoryWeights[0] / CategoryWeights.Sum();

    /// <summary>Wall-clock of the loop: a model whose training data is all its own exposure (strength 1) relearns from it once this often.</summary>
    public static readonly TimeSpan FeedbackLoopTime = TimeSpan.FromMinutes(30);

    private readonly Random _traffic, _features, _labels, _latency, _serving;
    private readonly double[] _baseMean = new double[NumericFeatures], _baseSd = new double[NumericFeatures];
    private readonly double[] _driftDirection = new double[NumericFeatures];
    private readonly double[] _conceptDirection, _seasonalDirection;
    private readonly Concept _trueConcept;
    private int _wrong, _degraded, _newlyAffected; // this tick's truth, see LastTick
    private readonly double _noise; // label noise scale (classifiers) or noise sd (MAE)
    private readonly double _latencyMedianMs;
    // Labels not yet due, as values: the event is made when it comes due, so it is young (cheap for the GC, in cache) when sent.
    private readonly PriorityQueue<PendingLabel, long> _outcomes = new();
    private readonly FeatureSchema _schema;
    // This model's row is filled here, then copied into its FeatureRow.
    private readonly FeatureValue[] _row;
    private string _idStem;
    private Concept _learned;
    private Concept? _previousLearned;
    // What a retraining learns from: per tick, the sum of the true concepts behind the labels that arrived then.
    private readonly Queue<(long Arrived, double[] Sum, int Count)> _arrived = new();
    private Concept? _retrained;
    // What the model shows (item category shares) and how many of each it showed this tick: the loop's state.
    private readonly double[] _shown = CategoryWeights.Select(w => w / CategoryWeights.Sum()).ToArray();
    private readonly int[] _shownThisTick = new int[ItemCategories];
    private long _sequence;
    // What users do with what they are served, and which requests go to the holdout or a candidate: their own streams.
    private readonly Random _users, _rollout;
    private UserBehaviour? _behaviour;
    private readonly int _seed;
    private readonly string _streamKey;

    /// <param name="streamKey">What random streams are derived from (with the seed): the model's id within its scenario.</param>
    public SimulatedModel(int seed, string id, string streamKey, string domain, QualityMetricKind metric, double ratePerSecond,
        IReadOnlyList<string> dataSources, IReadOnlyList<string> tags, TimeSpan labelDelay)
    {
        Id = id;
        Domain = domain;
        Metric = metric;
        RatePerSecond = ratePerSecond;
        DataSources = dataSources.Count > 0 ? dataSources : [Scenarios.FleetRoster.DefaultDataSource];
        Tags = tags;
        LabelDelay = labelDelay;
        _schema = metric == QualityMetricKind.Relevance ? RecommenderSchema : Schema;
        _row = new FeatureValue[_schema.Count];
        _idStem = id + "-";
        _traffic = RandomStreams.For(seed, streamKey, "traffic");
        _features = RandomStreams.For(seed, streamKey, "features");
        _labels = RandomStreams.For(seed, streamKey, "labels");
        _latency = RandomStreams.For(seed, streamKey, "latency");
        _serving = RandomStreams.For(seed, streamKey, "serving");
        _users = RandomStreams.For(seed, streamKey, "users");
        _rollout = RandomStreams.For(seed, streamKey, "rollout");
        Users = new UserPopulation(RandomStreams.For(seed, streamKey, "population"), UserPopulation.SizeFor(ratePerSecond));
        _seed = seed;
        _streamKey = streamKey;

        var shape = RandomStreams.For(seed, streamKey, "shape");
        for (var i = 0; i < NumericFeatures; i++)
        {
            _baseMean[i] = shape.NextGaussian() * 3;
            _baseSd[i] = 0.5 + shape.NextDouble() * 1.5;
        }
        _trueConcept = Concept.Random(shape, NumericFeatures);
        _conceptDirection = Concept.OrthogonalDirection(shape, _trueConcept.Weights);
        _seasonalDirection = Concept.OrthogonalDirection(shape, _trueConcept.Weights);
        var drift = Concept.OrthogonalDirection(shape, new double[NumericFeatures].Select((_, i) => i == 0 ? 1.0 : 0.0).ToArray());
        Array.Copy(drift, _driftDirection, NumericFeatures);
        // Freshly trained: the learned concept is the true one, so quality starts at the domain's typical level.
        _learned = _trueConcept.Copy();

        var profile = DomainDefaults.For(domain);
        _latencyMedianMs = profile.LatencyP95Ms * 0.35;
        var typical = NoiseCalibration.TypicalQuality(profile);
        if (metric == QualityMetricKind.Mae)
        {
            _noise = NoiseCalibration.ForMae(profile.Metric == metric ? typical : 8.5);
        }
        else
        {
            var sample = new double[2000];
            var calibration = RandomStreams.For(seed, streamKey, "calibration");
            var x = new double[NumericFeatures];
            for (var i = 0; i < sample.Length; i++)
            {
                for (var j = 0; j < x.Length; j++) x[j] = calibration.NextGaussian();
                sample[i] = _trueConcept.Score(x);
            }
            _noise = NoiseCalibration.ForClassifier(metric, profile.Metric == metric ? typical : 0.85, sample);
        }
    }

    public string Id { get; }
    public string Domain { get; }
    public QualityMetricKind Metric { get; }
    public double RatePerSecond { get; }
    public IReadOnlyList<string> DataSources { get; }
    public IReadOnlyList<string> Tags { get; }
    public TimeSpan LabelDelay { get; }

    /// <summary>The level users are served at: the monitor's decision (or an operator's), read at each tick boundary.</summary>
    public int ServedLevel { get; set; } = 1;

    /// <summary>
    /// How far the model's recommendations have narrowed onto the top item category: 0 healthy, 1 nothing else
    /// shown. It is state the feedback loop builds up tick by tick (and a retraining on data beyond the model's
    /// own exposure undoes), never set by a fault's magnitude.
    /// </summary>
    public double Narrowing => Math.Max(0, (_shown[0] - HealthyTopShare) / (1 - HealthyTopShare));

    /// <summary>Share of traffic this version serves (rollout stage); shadow serves none but is logged.</summary>
    public double RolloutShare { get; set; } = 1;

    public int Version { get; private set; } = 1;

    /// <summary>Whether outcomes carry what the user did (engagement, feedback, opt-out, value): off unless a scenario asks.</summary>
    public bool UserResponses
    {
        get => _behaviour is not null;
        set => _behaviour = value ? _behaviour ?? new UserBehaviour(RandomStreams.For(_seed, _streamKey, "behaviour"), HealthyMissShare, ValuePerConversion) : null;
    }

    /// <summary>Share of requests the baseline answers as a holdout, so the model's value can be compared with none.</summary>
    public double HoldoutShare { get; set; }

    /// <summary>A new version served to a share of the requests beside this one; null when none runs.</summary>
    public SimulatedCandidate? Candidate { get; set; }

    /// <summary>What one conversion is worth on average, in the unit business values are sent in.</summary>
    public double ValuePerConversion { get; init; } = 20;

    // A healthy model's share of bad answers: one minus its domain's typical quality (what opt-outs are measured against).
    private double HealthyMissShare => Metric == QualityMetricKind.Mae ? 0.32 : 1 - NoiseCalibration.TypicalQuality(DomainDefaults.For(Domain));

    /// <summary>Event time a retraining in progress completes; null when none is running.</summary>
    public DateTimeOffset? RetrainingUntil { get; private set; }

    public int PendingOutcomes => _outcomes.Count;

    /// <summary>
    /// The simulator's truth about the last tick's predictions, which the monitor never sees: how many were served
    /// degraded (an error, a timeout, or a fallback answered) and how many the model served wrong (its call differs
    /// from the one the true concept makes; for a forecast, off by more than half a unit of concept score).
    /// </summary>
    public TickTruth LastTick { get; private set; }

    /// <summary>Who the requests come from, and who of them was served degraded: the simulator's truth, never sent.</summary>
    public UserPopulation Users { get; }

    /// <summary>Put before prediction ids so two runs of one model never reuse an id (a restarted demo, say).</summary>
    public string PredictionIdPrefix
    {
        get;
        set
        {
            field = value;
            _idStem = $"{value}{Id}-";
        }
    } = "";

    /// <summary>The source a numeric feature comes from: f1, f2 from the first source, f3, f4 from the second (or first).</summary>
    public string SourceOf(int feature) => DataSources[Math.Min(feature / 2, DataSources.Count - 1)];

    /// <summary>How far back a retraining's data reaches: the labels that arrived in this span before it started.</summary>
    public static readonly TimeSpan TrainingWindow = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Starts a retraining on the labels that have arrived in the last <see cref="TrainingWindow"/>: it learns the
    /// concept those labels were drawn from (their average), so late labels, drawn before a change, teach the old
    /// world. (The model keeps standardising inputs with its original statistics, so learning the true concept is
    /// exactly right however far the inputs drifted.) Returns how many labels it learns from; with none it
    /// relearns what it knew.
    /// </summary>
    public int StartRetraining(DateTimeOffset readyAt)
    {
        var sum = new double[NumericFeatures];
        var count = 0;
        foreach (var (_, tickSum, n) in _arrived)
        {
            for (var i = 0; i < sum.Length; i++) sum[i] += tickSum[i];
            count += n;
        }
        _retrained = count == 0 ? _learned : new Concept(sum).Scaled(_trueConcept.Norm);
        RetrainingUntil = readyAt;
        return count;
    }

    /// <summary>The retraining started by <see cref="StartRetraining"/> is done: its concept serves as a new version.</summary>
    public void CompleteRetraining()
    {
        _previousLearned = _learned;
        _learned = _retrained ?? _learned;
        _retrained = null;
        // Retrained on data beyond its own exposure, the new version shows the healthy mix again.
        for (var k = 0; k < ItemCategories; k++) _shown[k] = CategoryWeights[k] / CategoryWeights.Sum();
        Version++;
        RetrainingUntil = null;
    }

    /// <summary>A model launched under-trained: its learned concept starts off the truth until a retraining.</summary>
    public void LaunchUnderTrained(double amount) => _learned = _learned.Shifted(_conceptDirection, amount);

    /// <summary>Back to the version before the last retraining, if there was one.</summary>
    public bool RollBack()
    {
        if (_previousLearned is null) return false;
        (_learned, _previousLearned) = (_previousLearned, null);
        Version = Math.Max(1, Version - 1);
        return true;
    }

    /// <summary>The events of one tick: predictions made in [from, to) and the outcomes that came due.</summary>
    public (List<PredictionEvent> Predictions, List<OutcomeEvent> Outcomes) Generate(
        DateTimeOffset from, TimeSpan tick, IReadOnlyList<double> hourlyShape, FaultEffects effects)
    {
        var mean = RatePerSecond * hourlyShape[from.UtcDateTime.Hour] * RolloutShare * effects.TrafficFactor * tick.TotalSeconds;
        var count = _traffic.NextPoisson(mean);
        var predictions = new List<PredictionEvent>(count);
        var trueConcept = TrueConceptAt(effects, from);
        var narrowing = Narrowing;
        Array.Clear(_shownThisTick);
        var learned = _learned;
        _wrong = _degraded = _newlyAffected = 0;
        Span<double> truth = stackalloc double[NumericFeatures];
        Span<double> seen = stackalloc double[NumericFeatures];
        for (var i = 0; i < count; i++)
        {
            var at = from + tick * ((i + _traffic.NextDouble()) / count);
            Predict(predictions, at, effects, trueConcept, learned, narrowing, truth, seen);
        }
        LastTick = new TickTruth(count, _wrong, _degraded, _newlyAffected);
        if (effects.FeedbackStrength > 0) LearnFromExposure(effects.FeedbackStrength * (tick / FeedbackLoopTime));

        // About as many labels come due as predictions are made (the labels of a tick a delay ago): one allocation, no regrowth.
        var outcomes = new List<OutcomeEvent>(Math.Min(_outcomes.Count, count + 8));
        var end = (from + tick).UtcTicks;
        var learnedFrom = new double[NumericFeatures];
        var arrived = 0;
        while (_outcomes.TryPeek(out _, out var due) && due < end)
        {
            var label = _outcomes.Dequeue();
            outcomes.Add(new OutcomeEvent(label.Due, label.PredictionId, label.Label, label.Response));
            for (var i = 0; i < learnedFrom.Length; i++) learnedFrom[i] += label.Truth.Weights[i];
            arrived++;
        }
        if (arrived > 0) _arrived.Enqueue((end, learnedFrom, arrived));
        while (_arrived.TryPeek(out var oldest) && oldest.Arrived <= end - TrainingWindow.Ticks) _arrived.Dequeue();
        return (predictions, outcomes);
    }

    /// <summary>Adds the request's prediction to <paramref name="predictions"/>, and a shadow candidate's prediction of the same request after it.</summary>
    private void Predict(List<PredictionEvent> predictions, DateTimeOffset at, FaultEffects e, Concept trueConcept, Concept learned, double narrowing,
        Span<double> truth, Span<double> seen)
    {
        var id = PredictionIdOf(++_sequence);
        var user = Users.Draw();
        var segment = Segments[_features.NextWeighted(SegmentWeights)];
        var features = _row;
        var newUser = _features.NextDouble() < e.NewUserShare;

        for (var j = 0; j < NumericFeatures; j++)
        {
            var name = FeatureNames[j];
            var value = _baseMean[j] + e.FeatureShift * _driftDirection[j] * _baseSd[j] + _baseSd[j] * _features.NextGaussian();
            truth[j] = (value - _baseMean[j]) / _baseSd[j];
            var mode = e.Broken.TryGetValue(name, out var ways) ? BrokenMode(ways) : null;
            var broken = mode is not null;
            var sourceDown = e.FailedSources.TryGetValue(SourceOf(j), out var failing) && _features.NextDouble() < failing;
            if (newUser || sourceDown || mode == "missing")
            {
                features[j] = new FeatureValue(null, null);
                seen[j] = 0; // imputed with the training mean
            }
            else if (mode == "nan")
            {
                // Present but not a number: JSON has no NaN, so it arrives as the text a serialiser writes for it,
                // which the monitor reads as the wrong type, not as a missing value. Serving imputes it like a gap.
                features[j] = new FeatureValue(null, "NaN");
                seen[j] = 0;
            }
            else if (broken && mode == "stale")
            {
                features[j] = new FeatureValue(_baseMean[j], null); // frozen at the training mean
                seen[j] = 0;
            }
            else if (broken && mode == "type")
            {
                features[j] = new FeatureValue(null, value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
                seen[j] = 0;
            }
            else
            {
                features[j] = new FeatureValue(value, null);
                seen[j] = truth[j];
            }
        }
        features[RegionFeature] = new FeatureValue(null, Regions[_features.Next(Regions.Length)]);
        if (Metric == QualityMetricKind.Relevance) features[ItemCategoryFeature] = new FeatureValue(null, CategoryNames[ShowCategory()]);

        var latency = _latencyMedianMs * Math.Exp(0.4 * _latency.NextGaussian()) * e.LatencyFactor;
        if (_latency.NextDouble() < 0.005) latency *= 4; // the tail
        var timeout = _serving.NextDouble() < BaseFailureRate + e.TimeoutShare;
        var error = !timeout && _serving.NextDouble() < BaseFailureRate + e.ErrorShare;
        if (timeout) latency = Math.Max(latency, TimeoutBudgetMs);

        // Only when a scenario asks for a holdout or a candidate is a draw taken here, so other runs keep every number.
        var holdout = HoldoutShare > 0 && _rollout.NextDouble() < HoldoutShare;
        var candidate = !holdout && Candidate is { Shadow: false } c && _rollout.NextDouble() < c.Share ? c : null;
        if (holdout)
        {
            predictions.Add(Holdout(at, id, segment, latency, trueConcept));
            return;
        }
        PredictionEvent? shadowed = null;

        double? score = null;
        var wrong = false;
        if (!newUser && !timeout && !error)
        {
            var zTrue = trueConcept.Score(truth);
            var zModel = candidate is null ? learned.Score(seen) * (1 - 0.6 * narrowing) : _trueConcept.Score(seen);
            if (e.BiasedSegments.TryGetValue(segment, out var flipped) && _labels.NextDouble() < flipped) zModel = -zModel;
            if (candidate is not null && candidate.WeakSegment == segment && _rollout.NextDouble() < candidate.WeakFlip) zModel = -zModel;
            var (prediction, label) = Outcome(zTrue, zModel);
            score = prediction;
            wrong = Metric == QualityMetricKind.Mae ? Math.Abs(zModel - zTrue) > 0.5 : Math.Sign(zModel) != Math.Sign(zTrue);
            var delay = LabelDelay * e.LabelDelayFactor * Math.Exp(0.3 * _labels.NextGaussian());
            var due = at + delay;
            _outcomes.Enqueue(new PendingLabel(due, id, label, trueConcept, _behaviour?.Respond(Good(prediction, label))), due.UtcTicks);
            if (Candidate is { Shadow: true } shadow) shadowed = Shadow(shadow, at, id, segment, e, zTrue, label, due, trueConcept, seen);
        }

        // The serving system answers from a fallback when the ladder says so or the model gave nothing.
        var fallback = score is null || ServedLevel >= 3;
        switch (ServedTruth.Classify(modelAnswered: score is not null, modelWrong: wrong, fallback, failed: error || timeout))
        {
            case Served.Degraded:
                _degraded++;
                if (Users.MarkAffected(user)) _newlyAffected++;
                break;
            case Served.Wrong: _wrong++; break;
        }
        predictions.Add(new PredictionEvent(at, id, segment, score, Math.Round(latency, 3), ServedLevel, fallback, error, timeout, new FeatureRow(_schema, features),
            candidate?.Version));
        if (shadowed is not null) predictions.Add(shadowed);
    }

    /// <summary>
    /// A shadow candidate's prediction of a request the current version answered: logged under its own id (the request's
    /// with "-shadow"), never served, so its outcome carries the world's label and no user response. A classifier's or a
    /// forecast's label is the request's own; a recommender's relevance depends on what is shown, so it is drawn for the
    /// shadow's call.
    /// </summary>
    private PredictionEvent Shadow(SimulatedCandidate shadow, DateTimeOffset at, string id, string segment, FaultEffects e, double zTrue, double label,
        DateTimeOffset due, Concept trueConcept, Span<double> seen)
    {
        var z = _trueConcept.Score(seen);
        if (shadow.WeakSegment == segment && _rollout.NextDouble() < shadow.WeakFlip) z = -z;
        var (score, shadowLabel) = Metric switch
        {
            QualityMetricKind.Mae => (Math.Round(100 + ForecastScale * z, 4), label),
            QualityMetricKind.Relevance => Outcome(zTrue, z),
            _ => (Math.Round(NoiseCalibration.Sigmoid(z / _noise), 6), label),
        };
        var shadowId = id + "-shadow";
        _outcomes.Enqueue(new PendingLabel(due, shadowId, shadowLabel, trueConcept), due.UtcTicks);
        var latency = _latencyMedianMs * Math.Exp(0.4 * _rollout.NextGaussian()) * e.LatencyFactor;
        return new PredictionEvent(at, shadowId, segment, score, Math.Round(latency, 3), ServedLevel, false, false, false, null, shadow.Version);
    }

    /// <summary>
    /// A holdout request: the baseline answers it (no score), right as often as the domain's baseline says; its outcome
    /// carries what the user did, so value with and without the model can be compared.
    /// </summary>
    private PredictionEvent Holdout(DateTimeOffset at, string id, string segment, double latency, Concept trueConcept)
    {
        var good = _rollout.NextDouble() < (DomainDefaults.BaselineFor(Domain, Metric) is { } b && !Metric.LowerIsBetter() ? b : 0.5);
        var due = at + LabelDelay * Math.Exp(0.3 * _rollout.NextGaussian());
        _outcomes.Enqueue(new PendingLabel(due, id, good ? 1 : 0, trueConcept, _behaviour?.Respond(good)), due.UtcTicks);
        return new PredictionEvent(at, id, segment, null, Math.Round(latency, 3), ServedLevel, false, false, false, null, Holdout: true);
    }

    // Whether the user got a good answer: the call was right (classifiers), relevant (recommenders) or close (forecasts).
    private bool Good(double score, double label) => Metric switch
    {
        QualityMetricKind.Mae => Math.Abs(score - label) <= _noise,
        QualityMetricKind.Relevance => label >= 0.5,
        _ => (score >= 0.5) == (label >= 0.5),
    };

    /// <summary>How a feature breaks on this event, if it does: each failure draws in turn, the first to hit decides.</summary>
    private string? BrokenMode(List<(string Mode, double Share)> ways)
    {
        foreach (var (mode, share) in ways)
            if (_features.NextDouble() < share) return mode;
        return null;
    }

    /// <summary>The prediction id "{prefix}{model}-{sequence}", written straight into the string.</summary>
    private string PredictionIdOf(long sequence)
    {
        var digits = 1;
        for (var rest = sequence / 10; rest > 0; rest /= 10) digits++;
        return string.Create(_idStem.Length + digits, (Stem: _idStem, Sequence: sequence), static (chars, id) =>
        {
            id.Stem.CopyTo(chars);
            id.Sequence.TryFormat(chars[id.Stem.Length..], out _, provider: System.Globalization.CultureInfo.InvariantCulture);
        });
    }

    /// <summary>A label waiting for its due time, with the concept the world followed when it was drawn.</summary>
    private readonly record struct PendingLabel(DateTimeOffset Due, string PredictionId, double Label, Concept Truth, UserResponse? Response = null);

    /// <summary>A healthy model's share of timeouts, and of errors: rare, as in a well-run service.</summary>
    public const double BaseFailureRate = 0.0002;

    /// <summary>Units of the forecast per unit of concept score: large enough that losing inputs shows in MAE.</summary>
    private const double ForecastScale = 30;

    private double TimeoutBudgetMs => DomainDefaults.For(Domain).LatencyP95Ms * 5;

    /// <summary>The prediction the model makes and the label the world gives, for its quality metric.</summary>
    private (double Score, double Label) Outcome(double zTrue, double zModel)
    {
        switch (Metric)
        {
            case QualityMetricKind.Mae:
                var observed = 100 + ForecastScale * zTrue + _noise * _labels.NextGaussian();
                return (Math.Round(100 + ForecastScale * zModel, 4), Math.Round(observed, 4));
            case QualityMetricKind.Relevance:
                // Relevant when the model's call agrees with the user's true taste, which is itself noisy.
                var agree = Math.Sign(zModel) == Math.Sign(zTrue);
                var p = NoiseCalibration.Sigmoid(Math.Abs(zTrue) / _noise);
                var relevant = _labels.NextDouble() < (agree ? p : 1 - p);
                return (Math.Round(NoiseCalibration.Sigmoid(Math.Abs(zModel) / _noise), 6), relevant ? 1 : 0);
            default:
                var positive = _labels.NextDouble() < NoiseCalibration.Sigmoid(zTrue / _noise);
                return (Math.Round(NoiseCalibration.Sigmoid(zModel / _noise), 6), positive ? 1 : 0);
        }
    }

    private Concept TrueConceptAt(FaultEffects e, DateTimeOffset at)
    {
        // A feedback loop pulls what users want away from what the model keeps showing them.
        var concept = _trueConcept.Shifted(_conceptDirection, e.ConceptShift + 2 * Narrowing);
        if (e.Seasons.Count > 0)
        {
            var pull = 0.0;
            foreach (var (amplitude, period) in e.Seasons) pull += amplitude * Math.Sin(2 * Math.PI * (at.UtcTicks % period.Ticks) / period.Ticks);
            concept = concept.Shifted(_seasonalDirection, pull);
        }
        return concept;
    }

    /// <summary>An item category to show, drawn from what the model currently shows.</summary>
    private int ShowCategory()
    {
        var k = _features.NextWeighted(_shown);
        _shownThisTick[k]++;
        return k;
    }

    /// <summary>
    /// The loop: users click what they are shown, more often the more it appeals (the same long tail as the healthy
    /// mix), and the model's next update learns its mix from those clicks, weighted by how much of its training data
    /// is its own exposure. What is shown most is clicked most and shown more next time: the narrowing emerges.
    /// </summary>
    private void LearnFromExposure(double rate)
    {
        var clicks = 0.0;
        for (var k = 0; k < ItemCategories; k++) clicks += _shownThisTick[k] * CategoryWeights[k];
        if (clicks == 0) return;
        var eta = Math.Min(1, rate);
        for (var k = 0; k < ItemCategories; k++) _shown[k] = (1 - eta) * _shown[k] + eta * _shownThisTick[k] * CategoryWeights[k] / clicks;
    }
}

/// <summary>
/// One tick of a simulated model's predictions as the simulator knows them: made, served wrong, served degraded, and the
/// users served degraded for the first time in the run (<see cref="UserPopulation"/>).
/// </summary>
public readonly record struct TickTruth(int Predictions, int Wrong, int Degraded, int NewlyAffectedUsers = 0)
{
    public int Bad => Wrong + Degraded;
}
