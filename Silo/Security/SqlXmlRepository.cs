using System.Xml.Linq;
using Fleet.Silo.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Fleet.Silo.Security;

/// <summary>
/// The data-protection keys (they seal session cookies and anti-forgery tokens) in Fleet's database
/// (fleet_data_protection_keys, see Sql/*-keys.sql), scoped to the service id: every silo and dashboard host of a
/// service reads the same keys, so a page signed in through one is signed in on all, and no folder is copied by hand.
/// </summary>
public sealed class SqlXmlRepository(FleetStorageOptions options, string serviceId) : IXmlRepository
{
    private readonly FleetDatabase _database = new(options, serviceId);

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = _database.Open();
        using var command = _database.Command(connection, "SELECT xml FROM fleet_data_protection_keys WHERE service_id = @service ORDER BY name");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read()) elements.Add(XElement.Parse(reader.GetString(0)));
        return elements;
    }

    /// <summary>Stores a new key; a name already stored (the same key written twice) keeps the first.</summary>
    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = _database.Open();
        using var command = _database.Command(connection,
            "INSERT INTO fleet_data_protection_keys (service_id, name, xml) VALUES (@service, @name, @xml) ON CONFLICT DO NOTHING",
            ("name", string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName), ("xml", element.ToString(SaveOptions.DisableFormatting)));
        command.ExecuteNonQuery();
    }
}
