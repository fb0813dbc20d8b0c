using Fleet.Client;
using Xunit;

namespace Fleet.Tests.Client;

public class ServerAddressTests
{
    [Fact]
    public void Option_wins_over_environment_which_wins_over_default()
    {
        Assert.Equal("http://a:1/", ServerAddress.Resolve("http://a:1", "http://b:2").AbsoluteUri);
        Assert.Equal("http://b:2/", ServerAddress.Resolve(null, "http://b:2").AbsoluteUri);
        Assert.Equal("http://localhost:5080/", ServerAddress.Resolve(null, " ").AbsoluteUri);
    }

    [Fact]
    public void A_path_prefix_is_kept_so_api_paths_append_to_it()
    {
        var server = ServerAddress.Resolve("https://proxy.example/fleet", null);

        Assert.Equal("https://proxy.example/fleet/api/fleet", new Uri(server, "api/fleet").AbsoluteUri);
    }

    [Theory]
    [InlineData("localhost:5080")]
    [InlineData("ftp://host")]
    [InlineData("not a url")]
    public void Anything_but_an_http_url_is_a_usage_error(string address)
    {
        Assert.Throws<UsageException>(() => ServerAddress.Resolve(address, null));
    }
}
