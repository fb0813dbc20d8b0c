namespace Fleet.Client;

/// <summary>Process exit codes, stable so scripts and CI can branch on them.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The server refused or was unreachable, or the input failed validation.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself was wrong: unknown option, missing argument, missing file.</summary>
    public const int UsageError = 2;
}
