using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClusterOperator.Api;
using ClusterOperator.Api.Model;
using static ClusterOperator.Tests.Integration.OperatorCluster;

namespace ClusterOperator.Tests.Integration;

/// <summary>
/// Issue #9's hostile corpus (tests/ClusterOperator.Api.Tests/Hostile/Corpus) applied to the sandbox with the operator
/// running: each manifest is refused by the API server with the message its header names, or marked InvalidSpec with
/// its sentence, or admitted and run; meanwhile another owner's runs are still bound and the operator stays ready.
/// </summary>
public sealed partial class HostileInputTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_hostile_manifest_is_refused_or_marked_and_the_operator_keeps_serving_everyone_else()
    {
        var port = FreePort();
        await using var cluster = await StartAsync(nodes: 4, gpusPerNode: 8, new Dictionary<string, string?> { ["Metrics:Url"] = $"http://127.0.0.1:{port}" });
        using var api = RawClient(cluster);
        await cluster.CreateAsync(Workloads.Training("steady-before", "goodie", replicas: 2, gpusPerReplica: 2));
        var corpus = Corpus.Load();

        var refused = new List<string>();
        foreach (var manifest in corpus)
        {
            using var response = await api.PostAsync(new Uri(manifest.Path, UriKind.Relative), new StringContent(manifest.Body, Encoding.UTF8, manifest.ContentType));
            var text = await response.Content.ReadAsStringAsync();
            var code = (int)response.StatusCode;
            text = code >= 400 && text.StartsWith('{') ? (string?)JsonNode.Parse(text)?["message"] ?? text : text;
            if (manifest.Outcome == "rejected" && (code != manifest.StatusCode || !text.Contains(manifest.Detail, StringComparison.Ordinal)))
            {
                refused.Add($"{manifest.File}: expected {manifest.StatusCode} '{manifest.Detail}', got {code} {Shorten(text)}");
            }
            else if (manifest.Outcome != "rejected" && code != 201)
            {
                refused.Add($"{manifest.File}: expected to be stored, got {code} {Shorten(text)}");
            }
            else if (manifest.Outcome != "rejected")
            {
                // Checked on the object as created: the operator's own status writes come later and are fine.
                var created = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
                refused.AddRange(manifest.Absent.Where(path => path.Split('.').Aggregate(created, (node, key) => node?[key]) is not null)
                    .Select(path => $"{manifest.File}: {path} was stored"));
            }
        }

        await cluster.CreateAsync(Workloads.Training("steady-after", "goodie", replicas: 1, gpusPerReplica: 2));
        var stored = corpus.Where(m => m.Outcome != "rejected").ToList();
        var waited = Stopwatch.StartNew();
        var unmet = await UnmetAsync(api, cluster, stored);
        while (unmet.Count > 0 && waited.Elapsed < Patience)
        {
            await Task.Delay(500);
            unmet = await UnmetAsync(api, cluster, stored);
        }

        foreach (var (name, gpus) in new[] { ("steady-before", 4), ("steady-after", 2) })
        {
            var run = await cluster.GetRunAsync(name);
            if (run.Status?.Phase != TrainingRunPhase.Running || run.Status.AllocatedGpus != gpus)
            {
                unmet.Add($"{name} (another owner's well-formed run) should run on {gpus} GPUs, but is {run.Status?.Phase?.ToString() ?? "without status"}");
            }
        }

        Assert.True(refused.Count + unmet.Count == 0, string.Join('\n', refused.Concat(unmet)));

        using var probe = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"))).StatusCode);
    }

    /// <summary>What is not yet as the corpus says, one line per manifest.</summary>
    private static async Task<List<string>> UnmetAsync(HttpClient api, OperatorCluster cluster, IReadOnlyList<Corpus> stored)
    {
        var unmet = new List<string>();
        foreach (var manifest in stored)
        {
            using var response = await api.GetAsync(new Uri(manifest.Path + "/" + manifest.Name, UriKind.Relative));
            if (!response.IsSuccessStatusCode)
            {
                unmet.Add($"{manifest.File}: not stored ({(int)response.StatusCode})");
                continue;
            }

            // Deeply nested manifests are stored as sent; reading them back needs more than the default depth of 64.
            var obj = JsonNode.Parse(await response.Content.ReadAsStringAsync(), documentOptions: new JsonDocumentOptions { MaxDepth = 256 })!;
            var invalid = obj["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c?["type"] == ConditionTypes.InvalidSpec);
            var message = (string?)invalid?["message"];
            var phase = (string?)obj["status"]?["phase"];
            if (manifest.Outcome == "invalid" && (message is null || !message.Contains(manifest.Detail, StringComparison.Ordinal)))
            {
                unmet.Add($"{manifest.File}: expected InvalidSpec '{manifest.Detail}', status is {Shorten(obj["status"]?.ToJsonString() ?? "empty")}");
            }
            else if (manifest.Outcome == "invalid" && manifest.Kind == TrainingRun.KubeKind && (await cluster.PodsAsync($"{ApiGroup.RunLabel}={manifest.Name}")).Count > 0)
            {
                unmet.Add($"{manifest.File}: marked InvalidSpec but has pods");
            }
            else if (manifest.Outcome == "admitted" && (message is not null || phase != "Running"))
            {
                unmet.Add($"{manifest.File}: expected to run, status is {Shorten(obj["status"]?.ToJsonString() ?? "empty")}");
            }
        }

        return unmet;
    }

    private static HttpClient RawClient(OperatorCluster cluster)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => cluster.Sandbox.IssuedServerCertificate(certificate),
        };
        var client = new HttpClient(handler) { BaseAddress = cluster.Sandbox.BaseUri, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cluster.Sandbox.Token);
        return client;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <summary>
    /// One corpus manifest, read the way the Api tests' HostileManifest reads it (header lines, <c>{{repeat N TEXT}}</c>);
    /// that project is not referenced from here.
    /// </summary>
    private sealed partial record Corpus(string File, string Kind, string Name, string Outcome, int StatusCode, string Detail, IReadOnlyList<string> Absent, string Body)
    {
        public string ContentType => Body.TrimStart().StartsWith('{') ? "application/json" : "application/yaml";

        public string Path => $"/apis/{ApiGroup.Group}/{ApiGroup.Version}/namespaces/default/{(Kind == TrainingRun.KubeKind ? TrainingRun.Plural : IdeaExperiment.Plural)}";

        public static IReadOnlyList<Corpus> Load()
        {
            var directory = System.IO.Path.Combine(RepositoryRoot(), "tests", "ClusterOperator.Api.Tests", "Hostile", "Corpus");
            return [.. Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal).Select(Read)];
        }

        private static Corpus Read(string file)
        {
            var lines = System.IO.File.ReadAllLines(file);
            var header = lines.TakeWhile(l => l.StartsWith('#')).ToList();
            var body = Repeat().Replace(string.Join('\n', lines.Skip(header.Count)), m =>
                new StringBuilder().Insert(0, m.Groups[2].Value, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToString());
            var expect = header.Single(l => l.StartsWith("# expect: ", StringComparison.Ordinal))["# expect: ".Length..].Split(' ', 2);
            var detail = expect.Length > 1 ? expect[1].Trim() : string.Empty;
            var code = 0;
            if (expect[0] == "rejected")
            {
                var parts = detail.Split(' ', 2);
                code = int.Parse(parts[0], CultureInfo.InvariantCulture);
                detail = parts.Length > 1 ? parts[1] : string.Empty;
            }

            return new Corpus(
                System.IO.Path.GetFileName(file),
                KindLine().Match(body).Groups[1].Value,
                NameLine().Match(body).Groups[1].Value,
                expect[0],
                code,
                detail,
                [.. header.Where(l => l.StartsWith("# absent: ", StringComparison.Ordinal)).Select(l => l["# absent: ".Length..].Trim())],
                body);
        }

        private static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "ClusterOperator.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("The test runs outside the repository: ClusterOperator.sln not found.");
        }

        [GeneratedRegex(@"\{\{repeat (\d+) (.*?)\}\}")]
        private static partial Regex Repeat();

        [GeneratedRegex("\"?kind\"?: *\"?(\\w+)")]
        private static partial Regex KindLine();

        [GeneratedRegex("\"?name\"?: *\"?([-a-z0-9]+)")]
        private static partial Regex NameLine();
    }
}
