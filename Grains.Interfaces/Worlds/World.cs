using System.Text;

namespace Fleet;

/// <summary>
/// A world is a namespace of models with its own registry, alert book, incidents and event-time clock: the
/// live fleet is the default world (<see cref="Live"/>), and every simulated run is a world of its own, named by
/// its run id. Nothing crosses worlds: a model reports to its own world's registry and alert book, so two runs
/// of one scenario use the same model ids side by side without seeing each other.
/// </summary>
public static class World
{
    /// <summary>The real fleet: the world of models registered over the API and of every bare model key.</summary>
    public const string Live = "live";

    public const int MaxLength = 100;

    /// <summary>Between the world and the model id in a model grain's key; model ids never hold it.</summary>
    public const char Separator = '/';

    /// <summary>Why <paramref name="world"/> cannot name a world, or null when it can.</summary>
    public static string? Problem(string? world)
    {
        if (string.IsNullOrEmpty(world)) return "must not be empty";
        if (world.Length > MaxLength) return $"must be at most {MaxLength} characters";
        foreach (var c in world)
            if (!IsAllowed(c)) return "must hold only letters, digits, '-', '_', '.' and ':'";
        return null;
    }

    /// <summary>The world a request names, or the live fleet when it names none.</summary>
    public static string OrLive(string? world) => string.IsNullOrEmpty(world) ? Live : world;

    /// <summary>A world name made from free text (a scenario's name): what is not allowed becomes '-'.</summary>
    public static string NameFrom(string text)
    {
        var name = new StringBuilder(Math.Min(text.Length, MaxLength));
        foreach (var c in text.Take(MaxLength)) name.Append(IsAllowed(c) ? c : '-');
        return name.Length == 0 ? "run" : name.ToString();
    }

    /// <summary>
    /// The key of a model's grain. A live model's key is its bare id (what the API has always used); a run's
    /// model is "{world}/{id}", so the same id in two worlds is two grains.
    /// </summary>
    public static string ModelKey(string world, string model) => world == Live ? model : world + Separator + model;

    /// <summary>The world and the model id a model grain's key names (the inverse of <see cref="ModelKey"/>).</summary>
    public static (string World, string Model) ParseModelKey(string key)
    {
        var at = key.IndexOf(Separator);
        return at < 0 ? (Live, key) : (key[..at], key[(at + 1)..]);
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':';
}

/// <summary>The grains of one world, addressed the one way their keys are made.</summary>
public static class WorldGrains
{
    public static IModelGrain Model(this IGrainFactory grains, string world, string model) =>
        grains.GetGrain<IModelGrain>(World.ModelKey(world, model));

    public static IFleetRegistryGrain Registry(this IGrainFactory grains, string world) => grains.GetGrain<IFleetRegistryGrain>(world);

    public static IFleetAlertsGrain AlertBook(this IGrainFactory grains, string world) => grains.GetGrain<IFleetAlertsGrain>(world);
}
