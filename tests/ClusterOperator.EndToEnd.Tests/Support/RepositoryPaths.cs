namespace ClusterOperator.EndToEnd.Tests.Support;

/// <summary>Locates the repository (the directory holding ClusterOperator.sln) from the test binaries.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string TestData(params string[] parts) =>
        Path.Combine([Root, "tests", "ClusterOperator.EndToEnd.Tests", "TestData", .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ClusterOperator.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no ClusterOperator.sln above {AppContext.BaseDirectory}");
    }
}
