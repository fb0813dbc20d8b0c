using System.CommandLine;
using System.Globalization;
using Fleet.Client.Rendering;
using Fleet.Contracts;
using Fleet.Monitoring.Incidents;
using Spectre.Console;

namespace Fleet.Client.Commands;

/// <summary>`fleet alerts`, `fleet incidents`, `fleet ack`, `fleet silence`: the on-call's view of the alert book.</summary>
internal static class AlertCommands
{
    public static IEnumerable<Command> Create(CliSession session) => [Alerts(session), Incidents(session), Ack(session), Silence(session)];

    private static Command Alerts(CliSession session)
    {
        var state = new Option<string?>("--state") { Description = "inactive, pending, firing or resolved (default: all)" };
        var model = new Option<string?>("--model") { Description = "Only this model" };
        var domain = new Option<string?>("--domain") { Description = "Only this domain" };
        var json = CommandInputs.JsonOption();
        var command = new Command("alerts", "List alerts: state, severity, model, since, incident") { state, model, domain, json };
        command.SetAction(async (parse, ct) =>
        {
            var query = string.Join('&', new[] { ("state", parse.GetValue(state)), ("model", parse.GetValue(model)), ("domain", parse.GetValue(domain)) }
                .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
            var reply = await session.Api(parse).GetAsync<List<AlertView>>("api/alerts" + (query.Length > 0 ? "?" + query : ""), ct);
            if (parse.GetValue(json)) { session.Output.WriteLine(reply.RawJson); return ExitCodes.Ok; }
            var table = new Table().AddColumns("state", "severity", "rule", "model", "since", "incident", "ack", "message");
            foreach (var a in reply.Value)
                table.AddRow(new[]
                {
                    MetricFormat.Name(a.State), MetricFormat.Name(a.Severity), a.Rule, a.Model, MetricFormat.Time(a.Since), a.IncidentId, a.AcknowledgedBy, a.Message,
                }.Select(Cell).ToArray());
            session.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Incidents(CliSession session)
    {
        var open = new Option<bool>("--open") { Description = "Only open incidents" };
        var json = CommandInputs.JsonOption();
        var command = new Command("incidents", "List fleet incidents with their cause, models and milestones") { open, json };
        command.SetAction(async (parse, ct) =>
        {
            var reply = await session.Api(parse).GetAsync<List<IncidentView>>("api/incidents" + (parse.GetValue(open) ? "?open=true" : ""), ct);
            if (parse.GetValue(json)) { session.Output.WriteLine(reply.RawJson); return ExitCodes.Ok; }
            var table = new Table().AddColumns("id", "open", "severity", "title", "models", "impact started", "detected", "acknowledged", "resolved");
            foreach (var i in reply.Value)
            {
                var m = i.Milestones;
                table.AddRow(new[]
                {
                    i.Id, i.Open ? "yes" : "no", MetricFormat.Name(i.Severity), i.Title, i.Models.Count.ToString(CultureInfo.InvariantCulture),
                    MetricFormat.Time(m.ImpactStarted), MetricFormat.Time(m.Detected), MetricFormat.Time(m.Acknowledged), MetricFormat.Time(m.Resolved),
                }.Select(Cell).ToArray());
            }
            session.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Ack(CliSession session)
    {
        var target = new Argument<string>("target") { Description = "An incident id (INC-0001) or an alert as rule/model" };
        var by = new Option<string>("--by") { Description = "Who acknowledges", Required = true };
        var command = new Command("ack", "Acknowledge an incident or an alert (stops its escalation)") { target, by };
        command.SetAction(async (parse, ct) =>
        {
            await session.Api(parse).PostRawAsync("api/alerts/ack", new AckRequest(parse.GetValue(target), parse.GetValue(by)), ct);
            session.Output.WriteLine($"acknowledged {parse.GetValue(target)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Silence(CliSession session)
    {
        var rule = new Option<string?>("--rule");
        var model = new Option<string?>("--model");
        var domain = new Option<string?>("--domain");
        var duration = new Option<string>("--for") { Description = "How long, e.g. 2h", Required = true };
        var by = new Option<string>("--by") { Required = true };
        var reason = new Option<string>("--reason") { Required = true };
        var command = new Command("silence", "Silence matching alerts for a while, with a reason") { rule, model, domain, duration, by, reason };
        command.SetAction(async (parse, ct) =>
        {
            var silence = (await session.Api(parse).PostAsync<Silence>("api/silences", new SilenceRequest(parse.GetValue(rule), parse.GetValue(model),
                parse.GetValue(domain), parse.GetValue(duration), parse.GetValue(by), parse.GetValue(reason)), ct)).Value;
            session.Output.WriteLine($"{silence.Id}: silenced {silence.Matcher} until {MetricFormat.Time(silence.Until)} by {silence.By}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A table cell: the server's text as plain text, never as Spectre markup ("[red]" is shown, not applied); "-" when absent.</summary>
    private static string Cell(string? text) => Markup.Escape(text ?? MetricFormat.Missing);
}
