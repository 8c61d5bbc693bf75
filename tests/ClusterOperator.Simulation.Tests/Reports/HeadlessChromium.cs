using System.Diagnostics;

namespace ClusterOperator.Simulation.Tests.Reports;

/// <summary>Renders a local HTML file in headless Chromium (Debian package <c>chromium</c>) and returns the DOM after its scripts ran.</summary>
internal static class HeadlessChromium
{
    private static readonly string[] Executables = ["chromium", "chromium-browser", "google-chrome"];

    public static async Task<string> DumpDomAsync(string htmlPath, CancellationToken cancellationToken)
    {
        var executable = Find()
            ?? throw new InvalidOperationException("headless Chromium is required: install the Debian package 'chromium' (apt-get install -y chromium)");
        var profile = Directory.CreateTempSubdirectory("replay-chromium-");
        try
        {
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                $"--user-data-dir={profile.FullName}", "--virtual-time-budget=10000", "--dump-dom",
                new Uri(htmlPath).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(90));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var dom = await stdout;
            if (process.ExitCode != 0 || dom.Length == 0)
            {
                throw new InvalidOperationException($"{executable} exited with {process.ExitCode}: {await stderr}");
            }

            return dom;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => Executables.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
}
