namespace Fleet.Actions;

// The operator actions as GET /api/actions lists them: what each is called, is taken on, takes and does.

/// <summary>What an action is taken on: one model (its own action endpoint, a run, a scenario) or one incident of the alert book.</summary>
public enum ActionTarget { Model, Incident }

/// <summary>
/// A parameter an action takes beyond who and why: every one is required except <c>rule</c>. <see cref="Choices"/> lists the
/// values a form offers (empty: free text), <see cref="Default"/> the one it starts on; an <see cref="Integer"/> is sent as a number.
/// </summary>
public sealed record ActionParameter(string Name, string Description, IReadOnlyList<string> Choices, string? Default = null, bool Integer = false);

/// <summary>
/// An operator action as the API declares it. The server's <c>OperatorAction</c> is this declaration plus its validation
/// and effect; a client reads the declaration alone.
/// </summary>
public record ActionDeclaration(
    string Name,
    string Label,
    IReadOnlyList<ActionTarget> Targets,
    IReadOnlyList<ActionParameter> Parameters,
    bool Serving,
    bool Danger,
    string Effect);
