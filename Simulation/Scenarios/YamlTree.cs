using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Fleet.Simulation.Scenarios;

/// <summary>A node of a scenario file with where it was written (line and column, from 1).</summary>
public abstract record YamlNode(long Line, long Column)
{
    public string Where => $"line {Line}, column {Column}";
}

/// <summary>A scalar as written; <see cref="IsNull"/> for an empty value, <c>~</c> or <c>null</c>.</summary>
public sealed record YamlScalar(string Value, bool IsNull, long Line, long Column) : YamlNode(Line, Column);

public sealed record YamlList(List<YamlNode> Items, long Line, long Column) : YamlNode(Line, Column);

public sealed record YamlMap(List<(YamlScalar Key, YamlNode Value)> Entries, long Line, long Column) : YamlNode(Line, Column);

/// <summary>
/// Reads YAML text into a tree with positions, checking what YamlDotNet's deserialiser lets through:
/// one document, no duplicate key, scalar keys only, a bounded nesting depth, and a bounded number of
/// aliases (an alias repeats a node, so a few can make an exponentially large file).
/// </summary>
public static class YamlTree
{
    public static YamlNode? Parse(string text)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var aliases = 0;
        YamlNode? root = null;
        var open = new Stack<Frame>();
        var documents = 0;
        var last = Mark.Empty;
        try
        {
            while (Next(parser, last))
            {
                var e = parser.Current!;
                last = e.End;
                switch (e)
                {
                    case DocumentStart when ++documents > 1:
                        throw Refuse(e, "the file holds more than one YAML document (a second '---')");
                    case Scalar s:
                        Add(new YamlScalar(s.Value, s.Style == ScalarStyle.Plain && s.Value is "" or "~" or "null" or "Null" or "NULL", s.Start.Line, s.Start.Column), s);
                        break;
                    case SequenceStart s:
                        Open(new YamlList([], s.Start.Line, s.Start.Column), s);
                        break;
                    case MappingStart m:
                        Open(new YamlMap([], m.Start.Line, m.Start.Column), m);
                        break;
                    case SequenceEnd or MappingEnd:
                        var done = open.Pop();
                        if (done.PendingKey is not null) throw Refuse(e, "a key has no value");
                        break;
                    case AnchorAlias a:
                        if (++aliases > ScenarioLimits.MaxAliases)
                            throw Refuse(e, $"uses more than {ScenarioLimits.MaxAliases} aliases (*name): a scenario may repeat a block only so often");
                        Add(anchors.TryGetValue(a.Value.Value, out var target) ? target : throw Refuse(e, $"the alias *{a.Value.Value} names no anchor"), null);
                        break;
                }
            }
        }
        catch (YamlException e)
        {
            throw new ScenarioException("yaml", $"{Plain(e.Message)} (line {e.Start.Line}, column {e.Start.Column})");
        }
        return root;

        void Open(YamlNode node, NodeEvent e)
        {
            if (open.Count >= ScenarioLimits.MaxDepth) throw Refuse(e, $"nests more than {ScenarioLimits.MaxDepth} levels deep");
            Add(node, e);
            open.Push(new Frame(node));
        }

        void Add(YamlNode node, NodeEvent? e)
        {
            if (e is not null && !e.Anchor.IsEmpty) anchors[e.Anchor.Value] = node;
            if (open.Count == 0)
            {
                root = node;
                return;
            }
            var frame = open.Peek();
            switch (frame.Node)
            {
                case YamlList list:
                    list.Items.Add(node);
                    break;
                case YamlMap map when frame.PendingKey is null:
                    if (node is not YamlScalar key) throw Refuse(node, "a key must be a plain name, not a list or a mapping");
                    if (map.Entries.Any(x => x.Key.Value == key.Value)) throw Refuse(node, $"the key '{key.Value}' appears twice in one mapping");
                    frame.PendingKey = key;
                    break;
                case YamlMap map:
                    map.Entries.Add((frame.PendingKey, node));
                    frame.PendingKey = null;
                    break;
            }
        }
    }

    /// <summary>
    /// The parser's next event. On some malformed input (an unclosed flow sequence) YamlDotNet's scanner
    /// throws InvalidOperationException instead of a YamlException: it is the same refusal, placed after the
    /// last thing that could be read.
    /// </summary>
    private static bool Next(Parser parser, Mark last)
    {
        try
        {
            return parser.MoveNext();
        }
        catch (InvalidOperationException)
        {
            throw new ScenarioException("yaml", $"the YAML cannot be read after line {last.Line}, column {last.Column}: look for an unclosed bracket or quote");
        }
    }

    /// <summary>YamlDotNet's message without its "(Line: 3, Col: 5, Idx: 20) - (...): " prefix.</summary>
    private static string Plain(string message)
    {
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        var text = (cut >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(cut + 3)..] : message).Trim().TrimEnd('.');
        return text.Length == 0 ? "the YAML cannot be read" : char.ToLowerInvariant(text[0]) + text[1..];
    }

    private static ScenarioException Refuse(ParsingEvent e, string reason) => new("yaml", $"{reason} (line {e.Start.Line}, column {e.Start.Column})");

    private static ScenarioException Refuse(YamlNode node, string reason) => new("yaml", $"{reason} ({node.Where})");

    private sealed class Frame(YamlNode node)
    {
        public YamlNode Node { get; } = node;
        public YamlScalar? PendingKey { get; set; }
    }
}
