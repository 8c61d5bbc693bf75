using ClusterOperator.Scheduling;
using Microsoft.Extensions.Configuration;

namespace ClusterOperator.Configuration;

/// <summary>Binds the core's <see cref="FairShareOptions"/> from the same sources the operator reads.</summary>
internal static class FairShareConfiguration
{
    public static FairShareOptions Bind(IEnumerable<string> overrides, IDictionary<string, string?>? defaults = null)
    {
        var options = new FairShareOptions();
        OperatorConfiguration.Build(null, overrides, defaults).GetSection("FairShare").Bind(options);
        return options;
    }
}
