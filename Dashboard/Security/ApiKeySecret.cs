using System.Security.Cryptography;
using System.Text;

namespace Fleet.Dashboard.Security;

/// <summary>
/// Makes keys and hashes them. A key is "fleet_" and 32 random bytes (256 bits, base64url); only its
/// SHA-256 is stored. A fast hash is enough here, unlike for passwords: a slow hash (bcrypt, PBKDF2)
/// protects guessable secrets, but no amount of hashing speed makes 2^256 candidates searchable, and
/// every request checks its key, so a deliberately slow hash would only cost CPU. The hash is also the
/// lookup key, so checking a key is one indexed read.
/// </summary>
public static class ApiKeySecret
{
    public const string Prefix = "fleet_";

    /// <summary>A configured key (e.g. the first admin key from a secret store) must be at least this long.</summary>
    public const int MinimumLength = 32;

    public static string NewKey() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string NewId() => "key-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Why a key someone chose is not acceptable, or null when it is.</summary>
    public static string? Weakness(string key) =>
        key.Length < MinimumLength ? $"must be at least {MinimumLength} characters"
        : key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) ? "must not contain blanks or control characters"
        : null;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
