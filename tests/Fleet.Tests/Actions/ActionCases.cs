using System.Text.Json.Nodes;
using Fleet.Actions;

namespace Fleet.Tests.Actions;

/// <summary>
/// Cases made from the declarations themselves, so a new action is covered by declaring it: each model action with its
/// declared defaults (valid), and each with one parameter broken (out of range, or given to an action that takes none).
/// </summary>
internal static class ActionCases
{
    public static IEnumerable<OperatorAction> ModelActions => OperatorActions.On(ActionTarget.Model);

    public static TheoryData<string> Names => [.. ModelActions.Select(a => a.Name)];

    public static TheoryData<string, string> Broken
    {
        get
        {
            var cases = new TheoryData<string, string>();
            foreach (var action in ModelActions)
                foreach (var parameter in new[] { "level", "stage", "duration", "rule" })
                    if (parameter != "rule" || !action.Takes("rule")) cases.Add(action.Name, parameter);
            return cases;
        }
    }

    public static ActionArguments Valid(string name)
    {
        var action = OperatorActions.Find(name)!;
        string? Default(string parameter) => action.Parameters.FirstOrDefault(p => p.Name == parameter)?.Default;
        return new ActionArguments("erin", "pager went off", Default("level") is { } level ? int.Parse(level) : null, Default("stage"), Default("duration"));
    }

    /// <summary>The valid arguments with one parameter broken: a value out of its range, or a good value the action does not take.</summary>
    public static ActionArguments BrokenIn(string name, string parameter)
    {
        var action = OperatorActions.Find(name)!;
        var valid = Valid(name);
        var takes = action.Takes(parameter);
        return parameter switch
        {
            "level" => valid with { Level = takes ? 9 : 3 },
            "stage" => valid with { Stage = takes ? "50%" : "5%" },
            "duration" => valid with { Duration = takes ? "a while" : "30m" },
            "rule" => valid with { Rule = "error-rate" },
            _ => throw new ArgumentOutOfRangeException(nameof(parameter)),
        };
    }

    public static string ScenarioYaml(string name, ActionArguments a, string model)
    {
        var lines = new List<string> { "  - at: 1m", $"    action: {name}", $"    targets: {{ ids: [{model}] }}", $"    by: {a.By}", $"    reason: {a.Reason}" };
        if (a.Level is { } level) lines.Add($"    level: {level}");
        if (a.Stage is { } stage) lines.Add($"    stage: \"{stage}\"");
        if (a.Duration is { } duration) lines.Add($"    duration: {duration}");
        if (a.Rule is { } rule) lines.Add($"    rule: {rule}");
        return Scenario + "actions:\n" + string.Join('\n', lines) + "\n";
    }

    /// <summary>One credit model for ten minutes.</summary>
    public const string Scenario = """
        name: actions
        seed: 1
        duration: 10m
        fleet:
          - domain: credit
            count: 1
        traffic: { rate: 1, shape: flat }

        """;

    public static JsonObject RequestBody(string name, ActionArguments a)
    {
        var body = new JsonObject { ["action"] = name, ["by"] = a.By, ["reason"] = a.Reason };
        if (a.Level is { } level) body["level"] = level;
        if (a.Stage is { } stage) body["stage"] = stage;
        if (a.Duration is { } duration) body["duration"] = duration;
        if (a.Rule is { } rule) body["rule"] = rule;
        return body;
    }

    public static string[] CliArguments(string model, string name, ActionArguments a)
    {
        var args = new List<string> { "act", model, name, "--by", a.By!, "--reason", a.Reason! };
        if (a.Level is { } level) args.AddRange(["--level", level.ToString()]);
        if (a.Stage is { } stage) args.AddRange(["--stage", stage]);
        if (a.Duration is { } duration) args.AddRange(["--duration", duration]);
        if (a.Rule is { } rule) args.AddRange(["--rule", rule]);
        return [.. args];
    }
}
