namespace ClusterOperator.Packaging.Tests.Docker;

/// <summary>A copy of the files <c>docker build .</c> would send, made by applying the repository's .dockerignore.</summary>
internal sealed class BuildContext : IDisposable
{
    private BuildContext(string directory) => Directory = directory;

    public string Directory { get; }

    public static BuildContext Copy(DockerIgnore ignore)
    {
        var target = Path.Combine(Path.GetTempPath(), $"clusteroperator-context-{Guid.NewGuid():N}");
        foreach (var file in System.IO.Directory.EnumerateFiles(RepositoryPaths.Root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(RepositoryPaths.Root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (ignore.Includes(relative))
            {
                var destination = Path.Combine(target, relative);
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(file, destination);
            }
        }

        return new BuildContext(target);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
