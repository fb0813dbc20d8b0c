namespace Fleet;

/// <summary>The grain storage provider Fleet's grains persist to (configured by the silo).</summary>
public static class StorageNames
{
    public const string Fleet = "fleet";
}
