namespace ClusterOperator.Simulation.Tests;

/// <summary>The shared Philly-derived trace, which lives beside the repository (never inside it).</summary>
internal static class SharedTrace
{
    public static string? Path { get; } = Find();

    public static string RequiredPath => Path ?? throw new InvalidOperationException("the shared trace is absent");

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "traces", "philly-mix2.csv");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
