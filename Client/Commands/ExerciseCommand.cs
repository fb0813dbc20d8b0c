using System.CommandLine;
using System.Globalization;
using Fleet.Client.Rendering;
using Fleet.Exercises;
using Spectre.Console;

namespace Fleet.Client.Commands;

/// <summary>`fleet exercise create|start|pause|resume|next|end|score|timeline`: training exercises (needs the facilitate role).</summary>
internal static class ExerciseCommand
{
    public static Command Create(CliSession session)
    {
        var command = new Command("exercise", "Training exercises: teams play one scenario in runs of their own (facilitate)") { CreateExercise(session) };
        foreach (var (name, what) in new[]
        {
            ("start", "Start every team's run"), ("pause", "Pause every team's run"),
            ("resume", "Resume every team's run"), ("end", "End every team's run"),
            ("next", "Tabletop: play every team's run at once to its next decision point (or the end)"),
        })
            command.Subcommands.Add(Steer(session, name, what));
        command.Subcommands.Add(Score(session));
        command.Subcommands.Add(Timeline(session));
        return command;
    }

    private static Command CreateExercise(CliSession session)
    {
        var name = new Option<string>("--name") { Description = "The exercise's name", Required = true };
        var scenario = new Option<string?>("--scenario") { Description = "A shipped scenario's name (GET /api/scenarios) or a scenario file here" };
        var recording = new Option<string?>("--recording") { Description = "Instead of a scenario: a recording's or an import's id (fleet record list); each team plays a copy" };
        var tabletop = new Option<string?>("--tabletop") { Description = "Instead of a scenario: an ended run to step through decision point by decision point (fleet exercise next)" };
        var team = new Option<string[]>("--team")
        {
            Description = "A team: NAME or NAME:trainee,trainee; repeat for several", Required = true, AllowMultipleArgumentsPerToken = true,
        };
        var seed = new Option<int?>("--seed") { Description = "Seed (default: the scenario's)" };
        var start = new Option<DateTimeOffset?>("--start") { Description = "Virtual start, e.g. 2026-01-05T08:00:00Z" };
        var speed = new Option<double?>("--speed") { Description = "Virtual seconds per wall second (default 1; 0 starts paused)" };
        var json = CommandInputs.JsonOption();
        var command = new Command("create", "Create an exercise; prints each team's join code") { name, scenario, recording, tabletop, team, seed, start, speed, json };
        command.SetAction(async (parse, ct) =>
        {
            var given = parse.GetValue(scenario);
            var text = given is not null && File.Exists(given) ? await File.ReadAllTextAsync(given, ct) : given;
            var teams = parse.GetValue(team)!.Select(t => t.Split(':', 2)).Select(p => new ExerciseTeamRequest(
                p[0], p.Length > 1 ? p[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [])).ToArray();
            var request = new ExerciseRequest(parse.GetValue(name), text, parse.GetValue(seed), parse.GetValue(start), parse.GetValue(speed), teams, By: null,
                Recording: parse.GetValue(recording), Tabletop: parse.GetValue(tabletop));
            var reply = await session.Api(parse).PostAsync<Exercise>("api/exercises", request, ct);
            if (parse.GetValue(json)) { session.Output.WriteLine(reply.RawJson); return ExitCodes.Ok; }
            Describe(session, reply.Value);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Steer(CliSession session, string verb, string what)
    {
        var id = new Argument<string>("id") { Description = "The exercise's id" };
        var json = CommandInputs.JsonOption();
        var command = new Command(verb, what) { id, json };
        command.SetAction(async (parse, ct) =>
        {
            var reply = await session.Api(parse).PostAsync<Exercise>($"api/exercises/{Uri.EscapeDataString(parse.GetValue(id)!)}/{verb}", new { }, ct);
            if (parse.GetValue(json)) { session.Output.WriteLine(reply.RawJson); return ExitCodes.Ok; }
            Describe(session, reply.Value);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Score(CliSession session)
    {
        var id = new Argument<string>("id") { Description = "The exercise's id" };
        var json = CommandInputs.JsonOption();
        var command = new Command("score", "The scoreboard: every team's impact and times, fewest bad predictions first") { id, json };
        command.SetAction(async (parse, ct) =>
        {
            var reply = await session.Api(parse).GetAsync<ExerciseScore>($"api/exercises/{Uri.EscapeDataString(parse.GetValue(id)!)}/score", ct);
            if (parse.GetValue(json)) { session.Output.WriteLine(reply.RawJson); return ExitCodes.Ok; }
            var score = reply.Value;
            session.Output.WriteLine($"{score.Exercise} ({score.State}): impact started {MetricFormat.Time(score.ImpactStart)}");
            var table = new Table().AddColumns("team", "impact", "over ideal", "do nothing", "detect", "ack", "mitigate", "resolve", "useless", "unacked");
            foreach (var t in score.Teams)
                table.AddRow(new[]
                {
                    t.Team, MetricFormat.Count(t.Impact), MetricFormat.Count(t.ExcessOverIdeal), MetricFormat.Count(t.DoNothingImpact),
                    MetricFormat.Duration(t.TimeToDetect), MetricFormat.Duration(t.TimeToAcknowledge), MetricFormat.Duration(t.TimeToMitigate),
                    MetricFormat.Duration(t.TimeToResolve), t.UselessActions.Count.ToString(CultureInfo.InvariantCulture),
                    t.UnacknowledgedAlerts.ToString(CultureInfo.InvariantCulture),
                }.Select(Markup.Escape).ToArray());
            session.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Timeline(CliSession session)
    {
        var id = new Argument<string>("id") { Description = "The exercise's id" };
        var team = new Option<string?>("--team") { Description = "Only this team" };
        var json = CommandInputs.JsonOption();
        var command = new Command("timeline", "Per team: the injections and their true impact beside what the team did, and its scores so far") { id, team, json };
        command.SetAction(async (parse, ct) =>
        {
            var reply = await session.Api(parse).GetAsync<ExerciseTimeline>($"api/exercises/{Uri.EscapeDataString(parse.GetValue(id)!)}/timeline", ct);
            if (parse.GetValue(json)) { session.Output.WriteLine(reply.RawJson); return ExitCodes.Ok; }
            var only = parse.GetValue(team);
            foreach (var t in reply.Value.Teams.Where(t => only is null || t.Team == only))
            {
                var score = t.Score;
                session.Output.WriteLine($"team {t.Team} at {MetricFormat.Time(t.Now)}: {MetricFormat.Count(score.Impact)} bad predictions " +
                    $"(doing nothing {MetricFormat.Count(score.DoNothingImpact)}); detect {MetricFormat.Duration(score.TimeToDetect)}, " +
                    $"mitigate {MetricFormat.Duration(score.TimeToMitigate)}, resolve {MetricFormat.Duration(score.TimeToResolve)}");
                var table = new Table().AddColumns("time", "side", "what", "by", "detail", "impact", "doing nothing");
                foreach (var m in t.Moments)
                    table.AddRow(new[] { MetricFormat.Time(m.At), m.Side, $"{m.Kind} {m.What}", m.By, Short(m.Detail), MetricFormat.Count(m.Impact), MetricFormat.Count(m.DoNothingImpact) }
                        .Select(Markup.Escape).ToArray());
                session.Console.Write(table);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Describe(CliSession session, Exercise exercise)
    {
        session.Output.WriteLine($"{exercise.Id} {exercise.Name}: {exercise.State}");
        foreach (var t in exercise.Teams)
            session.Output.WriteLine($"  team {t.Name}: join code {t.JoinCode}, run {t.RunId ?? MetricFormat.Missing}");
    }

    /// <summary>A detail cut to fit a table row (the JSON has it whole).</summary>
    private static string Short(string text) => text.Length <= 60 ? text : text[..59] + "…";
}
