namespace ClusterOperator.Sandbox.Http;

/// <summary>Writes a kubeconfig for the sandbox (owner-readable only, since it holds the token).</summary>
internal static class KubeconfigWriter
{
    public static string Render(Uri server, string token, string authorityPem) =>
        $$"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: sandbox
          cluster:
            server: {{server.ToString().TrimEnd('/')}}
            certificate-authority-data: {{Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(authorityPem))}}
        contexts:
        - name: sandbox
          context:
            cluster: sandbox
            user: sandbox-admin
            namespace: default
        current-context: sandbox
        users:
        - name: sandbox-admin
          user:
            token: {{token}}
        preferences: {}

        """;

    public static async Task<string> WriteAsync(string path, Uri server, string token, string authorityPem,
        CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        await File.WriteAllTextAsync(fullPath, Render(server, token, authorityPem), cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fullPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return fullPath;
    }
}
