using System.Text.Json.Nodes;

namespace ClusterOperator.Sandbox.Tests.Support;

public static class JsonObjectExtensions
{
    /// <summary>Applies a change and returns the same object, for inline test data tweaks.</summary>
    public static JsonObject Also(this JsonObject obj, Action<JsonObject> change)
    {
        change(obj);
        return obj;
    }
}
