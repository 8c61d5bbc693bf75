using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Tests.Support;

/// <summary>Plain HTTP access to the sandbox for what KubernetesClient does not expose (discovery, tables, raw watches).</summary>
public sealed class RawApi : IDisposable
{
    /// <summary>Responses may legitimately nest as deep as the sandbox accepts, beyond System.Text.Json's default of 64.</summary>
    private static readonly JsonDocumentOptions ResponseOptions = new() { MaxDepth = JsonNodes.MaxDepth + 1 };

    private readonly HttpClient _http;

    public RawApi(SandboxHost host, string? token = null)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => host.IssuedServerCertificate(certificate),
        };
        _http = new HttpClient(handler) { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null || host.Token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? host.Token);
        }
    }

    public HttpClient Http => _http;

    public static RawApi WithoutToken(SandboxHost host)
    {
        var api = new RawApi(host);
        api._http.DefaultRequestHeaders.Authorization = null;
        return api;
    }

    public async Task<(int Status, JsonNode? Body)> GetAsync(string path, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text, documentOptions: ResponseOptions));
    }

    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, string body,
        string contentType)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text, documentOptions: ResponseOptions), response);
    }

    /// <summary>Reads a watch stream line by line until it closes or the limit is reached.</summary>
    public async Task<List<JsonObject>> WatchLinesAsync(string path, int maxEvents, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        using var response = await _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var events = new List<JsonObject>();
        try
        {
            while (events.Count < maxEvents && await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                events.Add(JsonNode.Parse(line)!.AsObject());
            }
        }
        catch (OperationCanceledException)
        {
            // The limit ends the read; the events so far are the answer.
        }

        return events;
    }

    public void Dispose() => _http.Dispose();
}
