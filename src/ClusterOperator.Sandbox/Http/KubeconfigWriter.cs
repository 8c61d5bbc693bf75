using System.Text;
using System.Text.Json;

namespace ClusterOperator.Sandbox.Http;

/// <summary>
/// Writes a kubeconfig for the sandbox (owner-readable only, since it holds the tokens): the administrator's context
/// "sandbox" is current, and each extra user gets a user entry and a context of its own name.
/// </summary>
internal static class KubeconfigWriter
{
    public static string Render(Uri server, string token, IReadOnlyList<KeyValuePair<string, string>> users, string authorityPem)
    {
        var text = new StringBuilder();
        text.Append($"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: sandbox
              cluster:
                server: {server.ToString().TrimEnd('/')}
                certificate-authority-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(authorityPem))}
            contexts:
            - name: sandbox
              context:
                cluster: sandbox
                user: {SandboxHost.AdminUser}
                namespace: default

            """);
        foreach (var (name, _) in users)
        {
            text.Append($"""
                - name: {Quote(name)}
                  context:
                    cluster: sandbox
                    user: {Quote(name)}
                    namespace: default

                """);
        }

        text.Append($"""
            current-context: sandbox
            users:
            - name: {SandboxHost.AdminUser}
              user:
                token: {Quote(token)}

            """);
        foreach (var (name, userToken) in users)
        {
            text.Append($"""
                - name: {Quote(name)}
                  user:
                    token: {Quote(userToken)}

                """);
        }

        text.Append("preferences: {}\n");
        return text.ToString();
    }

    public static async Task<string> WriteAsync(string path, Uri server, string token, IReadOnlyList<KeyValuePair<string, string>> users,
        string authorityPem, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        await File.WriteAllTextAsync(fullPath, Render(server, token, users, authorityPem), cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fullPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return fullPath;
    }

    /// <summary>A JSON string is a valid YAML scalar, so names with colons (service accounts) stay plain text.</summary>
    private static string Quote(string value) => JsonSerializer.Serialize(value);
}
