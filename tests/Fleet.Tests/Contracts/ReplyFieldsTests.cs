using System.Text.Json;
using Fleet.Client.Rendering;

namespace Fleet.Tests.Contracts;

/// <summary>The CLI's one way of showing a reply's field: its text, "-" when absent or null, and optional phrases left out.</summary>
public sealed class ReplyFieldsTests
{
    private static readonly JsonElement Reply = JsonDocument.Parse("""{"id": "rec-1", "batches": 3, "until": null, "stopReason": "stopped by ana"}""").RootElement;

    [Fact]
    public void A_field_is_its_text_and_an_absent_or_null_one_is_a_dash()
    {
        Assert.Equal(("rec-1", "3", "-", "-"), (ReplyFields.Text(Reply, "id"), ReplyFields.Text(Reply, "batches"), ReplyFields.Text(Reply, "until"), ReplyFields.Text(Reply, "bytes")));
    }

    [Fact]
    public void A_phrase_about_an_optional_field_is_left_out_when_the_field_is()
    {
        Assert.Equal("", ReplyFields.Phrase(Reply, "until", t => $" until {t}"));
        Assert.Equal(" (stopped by ana)", ReplyFields.Phrase(Reply, "stopReason", t => $" ({t})"));
    }
}
