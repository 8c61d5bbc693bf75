namespace ClusterOperator.Packaging.Tests.Chart;

/// <summary>The release name, namespace and values one helm invocation uses.</summary>
internal sealed record ChartValues(string ReleaseName, string Namespace, IReadOnlyList<string> ValuesFiles, IReadOnlyList<string> Sets)
{
    public const string AllFeaturesFile = "ci/all-features-values.yaml";

    /// <summary>Named like config/rbac, so rendered RBAC can be compared to it name for name.</summary>
    public static ChartValues Defaults { get; } = new("cluster-operator", "clusteroperator-system", [], []);

    /// <summary>ServiceMonitor, PrometheusRule, dashboard, owner policy and PDB all on.</summary>
    public static ChartValues AllFeatures { get; } = Defaults with { ValuesFiles = [AllFeaturesFile] };

    /// <summary>Adds a <c>--set key=value</c>.</summary>
    public ChartValues Set(string assignment) => this with { Sets = [.. Sets, assignment] };

    public IEnumerable<string> Arguments()
    {
        foreach (var file in ValuesFiles)
        {
            yield return "--values";
            yield return Path.Combine(HelmChart.Directory, file);
        }

        foreach (var assignment in Sets)
        {
            yield return "--set";
            yield return assignment;
        }
    }
}
