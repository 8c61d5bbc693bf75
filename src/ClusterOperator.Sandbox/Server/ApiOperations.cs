using System.Globalization;
using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Admission;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Resources;
using ClusterOperator.Sandbox.Selectors;
using ClusterOperator.Sandbox.Storage;

namespace ClusterOperator.Sandbox.Server;

/// <summary>
/// The API server's object semantics, shared by the HTTP front end and the in-process controllers: create,
/// update, patch and delete with defaulting, validation, status subresource rules, generation, finalizers,
/// graceful deletion and dry runs. Every write runs inside one store transaction, so it is atomic. Writes from
/// clients pass ValidatingAdmissionPolicies after validation, as on a real API server.
/// </summary>
internal sealed partial class ApiOperations
{
    private const string NameSuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private static readonly string[] SystemMetadata =
        ["uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "selfLink"];

    private readonly ObjectStore _store;
    private readonly ResourceRegistry _registry;
    private readonly TimeProvider _time;
    private readonly PolicyAdmission _admission = new();

    public ApiOperations(ObjectStore store, ResourceRegistry registry, TimeProvider time)
    {
        _store = store;
        _registry = registry;
        _time = time;
    }

    public ObjectStore Store => _store;

    public ResourceRegistry Registry => _registry;

    public DateTimeOffset Now => _time.GetUtcNow();

    public OperationContext SystemContext() => OperationContext.System(Now);

    public StoredObject Get(ResourceDefinition definition, string ns, string name) =>
        _store.Get(definition.Storage, ns, name) ?? throw NotFound(definition, name);

    public (IReadOnlyList<StoredObject> Items, long ResourceVersion) List(ResourceDefinition definition, string? ns,
        Func<JsonObject, bool> predicate)
    {
        var (items, resourceVersion) = _store.List(definition.Storage, ns);
        return (items.Where(item => predicate(item.Object)).ToList(), resourceVersion);
    }

    /// <summary>The served form of a stored object (the same instance when no conversion is needed).</summary>
    public JsonObject Serve(ResourceDefinition definition, StoredObject stored) =>
        definition.Behavior.ToServed(stored.Object, definition, _registry.StorageApiVersion(definition.Storage));

    /// <summary>Builds the label and field selector predicate; unsupported field labels are a 400, as on a real server.</summary>
    public static Func<JsonObject, bool> Predicate(ResourceDefinition definition, string? labelSelector, string? fieldSelector)
    {
        LabelSelector labels;
        FieldSelector fields;
        try
        {
            labels = LabelSelector.Parse(labelSelector);
            fields = FieldSelector.Parse(fieldSelector);
        }
        catch (FormatException exception)
        {
            throw StatusBodies.BadRequest(exception.Message);
        }

        foreach (var requirement in fields.Requirements)
        {
            if (!definition.Behavior.SupportsField(requirement.Field))
            {
                throw StatusBodies.BadRequest(
                    $"field label not supported: {requirement.Field}");
            }
        }

        var behavior = definition.Behavior;
        if (labels.IsEmpty && fields.Requirements.Count == 0)
        {
            return static _ => true;
        }

        return obj => labels.Matches(obj) &&
                      fields.Matches(field => behavior.FieldValue(obj, behavior.StorageFieldLabel(field)));
    }

    public StoredObject Create(ResourceDefinition definition, string ns, JsonObject body, OperationContext context) =>
        _store.Write(tx => CreateLocked(tx, definition, ns, ToStorage(definition, body), context));

    public StoredObject Replace(ResourceDefinition definition, string ns, string name, JsonObject body, string? subresource,
        OperationContext context)
    {
        var incoming = ToStorage(definition, body);
        CheckIdentity(definition, incoming, ns, name);
        return _store.Write(tx =>
        {
            var current = tx.Get(definition.Storage, ns, name) ?? throw NotFound(definition, name);
            return UpdateLocked(tx, definition, current, incoming, subresource, context, enforcePreconditions: true);
        });
    }

    /// <summary>
    /// Read-modify-write for the in-process controllers: the mutation gets a copy of the stored form and returns
    /// false when nothing needs to change. Returns null when the object does not exist.
    /// </summary>
    public StoredObject? Mutate(GroupResource resource, string ns, string name, string? subresource,
        Func<JsonObject, bool> mutation)
    {
        var definition = _registry.StorageDefinition(resource) ??
                         throw new InvalidOperationException($"no storage definition for {resource}");
        return _store.Write(tx =>
        {
            var current = tx.Get(resource, ns, name);
            if (current is null)
            {
                return null;
            }

            var copy = current.CloneObject();
            return mutation(copy)
                ? UpdateLocked(tx, definition, current, copy, subresource, SystemContext(), enforcePreconditions: false)
                : current;
        });
    }

    private JsonObject ToStorage(ResourceDefinition definition, JsonObject body)
    {
        var apiVersion = JsonNodes.GetString(body, "apiVersion");
        if (apiVersion is not null && apiVersion != definition.ApiVersion)
        {
            throw StatusBodies.BadRequest(
                $"the API version in the data ({apiVersion}) does not match the expected API version ({definition.ApiVersion})");
        }

        var kind = JsonNodes.GetString(body, "kind");
        if (kind is not null && kind != definition.Kind)
        {
            throw StatusBodies.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({definition.Kind})");
        }

        body["kind"] = definition.Kind;
        body["apiVersion"] = definition.ApiVersion;
        return definition.Behavior.ToStorage(body, definition, _registry.StorageApiVersion(definition.Storage));
    }

    private static void CheckIdentity(ResourceDefinition definition, JsonObject obj, string ns, string name)
    {
        var metadata = JsonNodes.Metadata(obj);
        var bodyName = JsonNodes.GetString(metadata, "name");
        if (bodyName is not null && bodyName != name)
        {
            throw StatusBodies.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        metadata["name"] = name;
        CheckNamespace(definition, metadata, ns);
    }

    private static void CheckNamespace(ResourceDefinition definition, JsonObject metadata, string ns)
    {
        if (!definition.Namespaced)
        {
            metadata.Remove("namespace");
            return;
        }

        var bodyNamespace = JsonNodes.GetString(metadata, "namespace");
        if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
        {
            throw StatusBodies.BadRequest(
                "the namespace of the provided object does not match the namespace sent on the request");
        }

        metadata["namespace"] = ns;
    }

    private StoredObject CreateLocked(ObjectStore.StoreTransaction tx, ResourceDefinition definition, string ns,
        JsonObject obj, OperationContext context)
    {
        var metadata = JsonNodes.Metadata(obj);
        CheckNamespace(definition, metadata, ns);
        if (definition.Namespaced)
        {
            RequireActiveNamespace(tx, ns);
        }

        if (string.IsNullOrEmpty(JsonNodes.GetString(metadata, "name")) &&
            JsonNodes.GetString(metadata, "generateName") is { Length: > 0 } prefix)
        {
            metadata["name"] = GenerateName(tx, definition, ns, prefix);
        }

        foreach (var field in SystemMetadata)
        {
            metadata.Remove(field);
        }

        definition.Behavior.ApplyDefaults(obj);
        definition.Behavior.PrepareForCreate(obj, definition, context);
        PruneAndValidate(definition, obj, old: null, context);
        var name = JsonNodes.GetString(metadata, "name")!;
        Admit(tx, "CREATE", definition, null, ns, name, obj, null, context);
        if (tx.Get(definition.Storage, ns, name) is not null)
        {
            throw StatusBodies.AlreadyExists(definition.QualifiedResource, definition.Group, definition.Resource, name);
        }

        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Timestamps.Format(context.Now);
        if (definition.TracksGeneration)
        {
            metadata["generation"] = 1;
        }

        if (context.DryRun)
        {
            return new StoredObject(obj, tx.ResourceVersion);
        }

        var stored = tx.Put(definition.Storage, obj);
        AfterWrite(definition, stored);
        return stored;
    }

    private StoredObject UpdateLocked(ObjectStore.StoreTransaction tx, ResourceDefinition definition, StoredObject current,
        JsonObject incoming, string? subresource, OperationContext context, bool enforcePreconditions)
    {
        var incomingMetadata = JsonNodes.Metadata(incoming);
        if (enforcePreconditions)
        {
            CheckPreconditions(definition, current, JsonNodes.GetString(incomingMetadata, "resourceVersion"),
                JsonNodes.GetString(incomingMetadata, "uid"));
        }

        JsonObject next;
        if (subresource == "status")
        {
            next = current.CloneObject();
            next["status"] = incoming["status"]?.DeepClone();
        }
        else
        {
            next = incoming;
            var metadata = JsonNodes.Metadata(next);
            foreach (var field in SystemMetadata.Where(f => f != "resourceVersion"))
            {
                if (current.Metadata[field] is { } kept)
                {
                    metadata[field] = kept.DeepClone();
                }
                else
                {
                    metadata.Remove(field);
                }
            }

            if (!metadata.ContainsKey("managedFields") && current.Metadata["managedFields"] is { } managed)
            {
                metadata["managedFields"] = managed.DeepClone();
            }

            if (definition.HasStatus)
            {
                next["status"] = current.Object["status"]?.DeepClone();
                if (next["status"] is null)
                {
                    next.Remove("status");
                }
            }

            if (current.IsTerminating)
            {
                var before = Finalizers(current.Object);
                var added = Finalizers(next).Where(f => !before.Contains(f)).ToList();
                if (added.Count > 0)
                {
                    throw Invalid(definition, current.Name,
                    [
                        FieldError.Forbidden("metadata.finalizers",
                            $"no new finalizers can be added if the object is being deleted, found new finalizers []string{{\"{string.Join("\", \"", added)}\"}}"),
                    ]);
                }
            }

            definition.Behavior.ApplyDefaults(next);
            definition.Behavior.PrepareForUpdate(next, current.Object, definition, context);
        }

        PruneAndValidate(definition, next, current.Object, context);
        Admit(tx, "UPDATE", definition, subresource, current.Namespace, current.Name, next, current.Object, context);
        var nextMetadata = JsonNodes.Metadata(next);
        if (definition.TracksGeneration && subresource != "status" &&
            !JsonNodes.DeepEquals(WithoutMetadataAndStatus(next), WithoutMetadataAndStatus(current.Object)))
        {
            nextMetadata["generation"] = (JsonNodes.GetInt64(current.Metadata, "generation") ?? 0) + 1;
        }

        nextMetadata["resourceVersion"] = current.Metadata["resourceVersion"]?.DeepClone();
        if (JsonNodes.DeepEquals(next, current.Object))
        {
            return current;
        }

        if (context.DryRun)
        {
            return new StoredObject(next, current.ResourceVersion);
        }

        if (current.IsTerminating && Finalizers(next).Count == 0 &&
            (JsonNodes.GetInt64(nextMetadata, "deletionGracePeriodSeconds") ?? 0) == 0)
        {
            var removed = tx.Remove(definition.Storage, current.Namespace, current.Name, next)!;
            AfterDelete(tx, definition, removed);
            return removed;
        }

        var stored = tx.Put(definition.Storage, next);
        AfterWrite(definition, stored);
        return stored;
    }

    private static void CheckPreconditions(ResourceDefinition definition, StoredObject current, string? resourceVersion,
        string? uid)
    {
        if (!string.IsNullOrEmpty(resourceVersion) &&
            resourceVersion != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw StatusBodies.Conflict(definition.QualifiedResource, definition.Group, definition.Resource, current.Name,
                "the object has been modified; please apply your changes to the latest version and try again");
        }

        if (!string.IsNullOrEmpty(uid) && uid != current.Uid)
        {
            throw StatusBodies.Conflict(definition.QualifiedResource, definition.Group, definition.Resource, current.Name,
                $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid}");
        }
    }

    private static void PruneAndValidate(ResourceDefinition definition, JsonObject obj, JsonObject? old, OperationContext context)
    {
        var unknown = definition.Behavior.PruneUnknownFields(obj);
        if (unknown.Count > 0)
        {
            switch (context.FieldValidation)
            {
                case FieldValidationMode.Strict:
                    throw StatusBodies.BadRequest(
                        "strict decoding error: " + string.Join(", ", unknown.Select(path => $"unknown field \"{path}\"")));
                case FieldValidationMode.Warn:
                    context.Warnings.AddRange(unknown.Select(path => $"unknown field \"{path}\""));
                    break;
            }
        }

        definition.Behavior.ApplyDefaults(obj);
        var errors = new List<FieldError>();
        MetadataValidator.Validate(obj, definition, errors);
        definition.Behavior.Validate(obj, old, definition, errors, context);
        if (errors.Count > 0)
        {
            throw Invalid(definition, JsonNodes.GetString(obj, "metadata", "name") ?? string.Empty, errors);
        }
    }

    /// <summary>Runs ValidatingAdmissionPolicies on a client's write; the sandbox's own controllers are trusted.</summary>
    private void Admit(ObjectStore.StoreTransaction tx, string operation, ResourceDefinition definition, string? subresource,
        string ns, string name, JsonObject? obj, JsonObject? old, OperationContext context)
    {
        if (context.User is { } user)
        {
            _admission.Admit(tx, new AdmissionAttributes(operation, definition, subresource, ns, name, obj, old, user, context.DryRun),
                context);
        }
    }

    private static void RequireActiveNamespace(ObjectStore.StoreTransaction tx, string ns)
    {
        var found = tx.Get(new GroupResource(string.Empty, "namespaces"), string.Empty, ns) ??
                    throw StatusBodies.NotFound("namespaces", string.Empty, "namespaces", ns);
        if (found.IsTerminating)
        {
            throw StatusBodies.Forbidden(
                $"unable to create new content in namespace {ns} because it is being terminated",
                new JsonObject
                {
                    ["causes"] = new JsonArray(new JsonObject
                    {
                        ["reason"] = "NamespaceTerminating",
                        ["message"] = $"namespace {ns} is being terminated",
                        ["field"] = "metadata.namespace",
                    }),
                });
        }
    }

    private static string GenerateName(ObjectStore.StoreTransaction tx, ResourceDefinition definition, string ns, string prefix)
    {
        var trimmed = prefix.Length > 58 ? prefix[..58] : prefix;
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var suffix = string.Concat(Enumerable.Range(0, 5)
                .Select(_ => NameSuffixAlphabet[Random.Shared.Next(NameSuffixAlphabet.Length)]));
            var name = trimmed + suffix;
            if (tx.Get(definition.Storage, ns, name) is null)
            {
                return name;
            }
        }

        throw new ApiException(500, "AlreadyExists", $"could not generate a unique name from \"{prefix}\"");
    }

    private static List<string> Finalizers(JsonObject obj) =>
        JsonNodes.GetArray(obj, "metadata", "finalizers")?.Select(JsonNodes.ScalarText).OfType<string>().ToList() ?? [];

    private static JsonObject WithoutMetadataAndStatus(JsonObject obj)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key is not "metadata" and not "status")
            {
                copy[key] = value?.DeepClone();
            }
        }

        return copy;
    }

    private static ApiException NotFound(ResourceDefinition definition, string name) =>
        StatusBodies.NotFound(definition.QualifiedResource, definition.Group, definition.Resource, name);

    private static ApiException Invalid(ResourceDefinition definition, string name, IReadOnlyList<FieldError> errors) =>
        StatusBodies.Invalid(definition.QualifiedKind, definition.Group, definition.Kind, name, errors);

    /// <summary>Writes that change what is served: a stored CRD makes its resource servable at once.</summary>
    private void AfterWrite(ResourceDefinition definition, StoredObject stored)
    {
        if (IsCrd(definition) && !stored.IsTerminating)
        {
            _registry.RegisterCustomResource(stored.Object);
        }
    }

    private void AfterDelete(ObjectStore.StoreTransaction tx, ResourceDefinition definition, StoredObject removed)
    {
        if (!IsCrd(definition))
        {
            return;
        }

        var group = JsonNodes.GetString(removed.Object, "spec", "group") ?? string.Empty;
        var plural = JsonNodes.GetString(removed.Object, "spec", "names", "plural") ?? string.Empty;
        var resource = new GroupResource(group, plural);
        foreach (var item in tx.List(resource, null).ToList())
        {
            tx.Remove(resource, item.Namespace, item.Name);
        }

        _registry.UnregisterCustomResource(resource);
    }

    private static bool IsCrd(ResourceDefinition definition) =>
        definition.Group == "apiextensions.k8s.io" && definition.Resource == "customresourcedefinitions";
}
