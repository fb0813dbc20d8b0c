using System.CommandLine;
using Fleet.Client.Api;
using Fleet.Client.Commands;

namespace Fleet.Client;

/// <summary>
/// The `fleet` command line: builds the command tree and maps every failure to one line and an
/// exit code. Takes its writers as parameters so tests can run it in-process and read the output.
/// </summary>
public static class FleetCli
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default) =>
        RunAsync(args, output, error, CliEnvironment.FromProcess(), ct);

    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, CliEnvironment environment, CancellationToken ct = default)
    {
        using var session = new CliSession(output, error, environment);
        var parseResult = BuildRoot(session).Parse(args);

        // Usage errors get their own exit code (System.CommandLine would return 1), so scripts can
        // tell "you called me wrong" from "the server said no".
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
                error.WriteLine($"error: {parseError.Message}");
            error.WriteLine("Run 'fleet --help' for usage.");
            return ExitCodes.UsageError;
        }

        try
        {
            var invocation = new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
            };
            return await parseResult.InvokeAsync(invocation, ct);
        }
        catch (UsageException e)
        {
            return Fail(error, e.Message, ExitCodes.UsageError);
        }
        catch (FleetConnectionException e)
        {
            return Fail(error, e.Message, ExitCodes.Failed);
        }
        catch (FleetApiException e) when (e.Status == System.Net.HttpStatusCode.Unauthorized)
        {
            return Fail(error, $"{e.Describe()}; pass --key or set {CliEnvironment.KeyVariable}", ExitCodes.Failed);
        }
        catch (FleetApiException e)
        {
            return Fail(error, e.Describe(), ExitCodes.Failed);
        }
        catch (IOException e)
        {
            return Fail(error, e.Message, ExitCodes.Failed);
        }
        catch (OperationCanceledException)
        {
            return Fail(error, "cancelled", ExitCodes.Failed);
        }
    }

    private static RootCommand BuildRoot(CliSession session)
    {
        var root = new RootCommand("fleet: inspect and feed the Fleet model monitor")
        {
            session.ServerOption,
            session.KeyOption,
            ModelsCommand.Create(session),
            ModelCommand.Create(session),
            RegisterCommand.Create(session),
            IngestCommand.Create(session),
            RunCommand.Create(session),
            RecordCommand.Create(session),
            ImportCommand.Create(session),
            RunsCommand.Create(session),
            ReplayCommand.Create(session),
            ReviewCommand.Create(session),
            RulesCommand.Create(session),
        };
        foreach (var command in AlertCommands.Create(session)) root.Subcommands.Add(command);
        foreach (var command in ActCommands.Create(session)) root.Subcommands.Add(command);
        root.Subcommands.Add(KeysCommand.Create(session));
        root.Subcommands.Add(ReportCommand.Create(session));
        root.Subcommands.Add(ExerciseCommand.Create(session));
        return root;
    }

    private static int Fail(TextWriter error, string message, int exitCode)
    {
        error.WriteLine($"error: {message}");
        return exitCode;
    }
}
