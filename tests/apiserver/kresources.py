"""The resource table of the Routemap test API server: which groups, versions and kinds it serves.

Built-in kinds only (no CRD machinery). The Gateway API group can be left out or served partially
to mimic older clusters (see gateway_mode).
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Resource:
    group: str
    versions: tuple  # served versions, preferred (storage) first
    plural: str
    kind: str
    namespaced: bool
    short: tuple = ()
    subresources: tuple = ()  # e.g. ("status", "scale")
    verbs: tuple = ("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")

    @property
    def singular(self):
        return self.kind.lower()

    @property
    def key(self):
        return (self.group, self.plural)

    def api_version(self, version=None):
        version = version or self.versions[0]
        return f"{self.group}/{version}" if self.group else version

    def qualified(self):
        """'pods' or 'ingresses.networking.k8s.io', as kube-apiserver names resources in messages."""
        return f"{self.plural}.{self.group}" if self.group else self.plural


_CORE = [
    Resource("", ("v1",), "pods", "Pod", True, ("po",), ("status",)),
    Resource("", ("v1",), "services", "Service", True, ("svc",), ("status",)),
    Resource("", ("v1",), "endpoints", "Endpoints", True, ("ep",)),
    Resource("", ("v1",), "nodes", "Node", False, ("no",), ("status",)),
    Resource("", ("v1",), "namespaces", "Namespace", False, ("ns",), ("status",),
             ("create", "delete", "get", "list", "patch", "update", "watch")),
    Resource("", ("v1",), "secrets", "Secret", True),
    Resource("", ("v1",), "configmaps", "ConfigMap", True, ("cm",)),
    Resource("", ("v1",), "serviceaccounts", "ServiceAccount", True, ("sa",)),
    Resource("", ("v1",), "persistentvolumeclaims", "PersistentVolumeClaim", True, ("pvc",), ("status",)),
    Resource("", ("v1",), "persistentvolumes", "PersistentVolume", False, ("pv",), ("status",)),
    Resource("", ("v1",), "replicationcontrollers", "ReplicationController", True, ("rc",), ("status", "scale")),
    Resource("", ("v1",), "events", "Event", True, ("ev",)),
    Resource("", ("v1",), "limitranges", "LimitRange", True, ("limits",)),
    Resource("", ("v1",), "resourcequotas", "ResourceQuota", True, ("quota",), ("status",)),
]

_NAMED = [
    Resource("apps", ("v1",), "deployments", "Deployment", True, ("deploy",), ("status", "scale")),
    Resource("apps", ("v1",), "replicasets", "ReplicaSet", True, ("rs",), ("status", "scale")),
    Resource("apps", ("v1",), "statefulsets", "StatefulSet", True, ("sts",), ("status", "scale")),
    Resource("apps", ("v1",), "daemonsets", "DaemonSet", True, ("ds",), ("status",)),
    Resource("apps", ("v1",), "controllerrevisions", "ControllerRevision", True),
    Resource("discovery.k8s.io", ("v1",), "endpointslices", "EndpointSlice", True),
    Resource("networking.k8s.io", ("v1",), "ingresses", "Ingress", True, ("ing",), ("status",)),
    Resource("networking.k8s.io", ("v1",), "ingressclasses", "IngressClass", False),
    Resource("networking.k8s.io", ("v1",), "networkpolicies", "NetworkPolicy", True, ("netpol",)),
    Resource("batch", ("v1",), "jobs", "Job", True, (), ("status",)),
    Resource("batch", ("v1",), "cronjobs", "CronJob", True, ("cj",), ("status",)),
    Resource("autoscaling", ("v2", "v1"), "horizontalpodautoscalers", "HorizontalPodAutoscaler", True, ("hpa",),
             ("status",)),
    Resource("policy", ("v1",), "poddisruptionbudgets", "PodDisruptionBudget", True, ("pdb",), ("status",)),
    Resource("rbac.authorization.k8s.io", ("v1",), "roles", "Role", True),
    Resource("rbac.authorization.k8s.io", ("v1",), "rolebindings", "RoleBinding", True),
    Resource("rbac.authorization.k8s.io", ("v1",), "clusterroles", "ClusterRole", False),
    Resource("rbac.authorization.k8s.io", ("v1",), "clusterrolebindings", "ClusterRoleBinding", False),
    Resource("admissionregistration.k8s.io", ("v1",), "validatingwebhookconfigurations",
             "ValidatingWebhookConfiguration", False),
    Resource("admissionregistration.k8s.io", ("v1",), "mutatingwebhookconfigurations",
             "MutatingWebhookConfiguration", False),
    Resource("apiextensions.k8s.io", ("v1",), "customresourcedefinitions", "CustomResourceDefinition", False,
             ("crd", "crds"), ("status",)),
    Resource("storage.k8s.io", ("v1",), "storageclasses", "StorageClass", False, ("sc",)),
    Resource("coordination.k8s.io", ("v1",), "leases", "Lease", True),
]

GATEWAY_GROUP = "gateway.networking.k8s.io"


def _gateway(mode):
    """Gateway API v1.2.1 standard channel; 'partial' mimics an older install without GRPCRoute."""
    if mode == "none":
        return []
    resources = [
        Resource(GATEWAY_GROUP, ("v1", "v1beta1"), "gatewayclasses", "GatewayClass", False, ("gc",), ("status",)),
        Resource(GATEWAY_GROUP, ("v1", "v1beta1"), "gateways", "Gateway", True, ("gtw",), ("status",)),
        Resource(GATEWAY_GROUP, ("v1", "v1beta1"), "httproutes", "HTTPRoute", True, (), ("status",)),
        Resource(GATEWAY_GROUP, ("v1beta1",), "referencegrants", "ReferenceGrant", True, ("refgrant",)),
    ]
    if mode == "full":
        resources.append(Resource(GATEWAY_GROUP, ("v1",), "grpcroutes", "GRPCRoute", True, (), ("status",)))
    return resources


# Groups in the order kube-apiserver lists them in /apis (core first, then built-ins, then CRD groups).
_GROUP_ORDER = ["apps", "discovery.k8s.io", "networking.k8s.io", "batch", "autoscaling", "policy",
                "rbac.authorization.k8s.io", "admissionregistration.k8s.io", "apiextensions.k8s.io",
                "storage.k8s.io", "coordination.k8s.io", GATEWAY_GROUP]


@dataclass
class Registry:
    gateway_mode: str = "full"  # full | partial | none
    resources: list = field(default_factory=list)

    def __post_init__(self):
        self.resources = _CORE + _NAMED + _gateway(self.gateway_mode)
        self.by_key = {r.key: r for r in self.resources}

    def groups(self):
        """[(group, [versions, preferred first])] for /apis, without the core group."""
        out = []
        for group in _GROUP_ORDER:
            versions = []
            for r in self.resources:
                if r.group == group:
                    for v in r.versions:
                        if v not in versions:
                            versions.append(v)
            if versions:
                versions.sort(key=lambda v: (0 if v == "v1" else 1 if v.startswith("v2") else 2, v))
                if group == "autoscaling":
                    versions = ["v2", "v1"]
                out.append((group, versions))
        return out

    def in_group_version(self, group, version):
        return [r for r in self.resources if r.group == group and version in r.versions]

    def find(self, group, version, plural):
        r = self.by_key.get((group, plural))
        if r is None or version not in r.versions:
            return None
        return r

    def for_kind(self, api_version, kind):
        group, _, version = api_version.rpartition("/")
        for r in self.resources:
            if r.group == group and r.kind == kind and version in r.versions:
                return r
        return None

    def get(self, group, plural):
        return self.by_key[(group, plural)]
