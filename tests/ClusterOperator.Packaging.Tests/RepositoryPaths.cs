namespace ClusterOperator.Packaging.Tests;

/// <summary>Finds files of the repository from the test's output directory.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string ReadAllText(params string[] parts) => File.ReadAllText(Combine(parts));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ClusterOperator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The test runs outside the repository: ClusterOperator.sln not found.");
    }
}
