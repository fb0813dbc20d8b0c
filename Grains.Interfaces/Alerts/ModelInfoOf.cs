using Fleet.Models;

namespace Fleet.Monitoring.Incidents;

/// <summary>A model's alert-book facts drawn from its definition (ModelInfo is a contract and knows no definitions).</summary>
public static class ModelInfoOf
{
    extension(ModelInfo)
    {
        public static ModelInfo Of(ModelDefinition model) => new(model.Id, model.Domain, model.Owner, model.Team, model.DataSources);
    }
}
