namespace Fleet.Client;

/// <summary>The user asked for something the command line cannot express; exits with <see cref="ExitCodes.UsageError"/>.</summary>
public sealed class UsageException(string message) : Exception(message);
