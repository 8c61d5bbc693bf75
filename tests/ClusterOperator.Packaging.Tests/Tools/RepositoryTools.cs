namespace ClusterOperator.Packaging.Tests.Tools;

/// <summary>The tools these tests drive, each with the repository script that installs it.</summary>
internal static class RepositoryTools
{
    public static ExternalTool Helm => ExternalTool.Locate("helm", "tools/install-tools.sh");

    public static ExternalTool Kubectl => ExternalTool.Locate("kubectl", "tools/install-tools.sh");

    public static ExternalTool Promtool => ExternalTool.Locate("promtool", "tools/install-prometheus.sh");

    /// <summary>The SDK that runs these tests; nothing installs it.</summary>
    public static ExternalTool Dotnet => ExternalTool.Locate("dotnet", installer: null);
}
