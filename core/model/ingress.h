#pragma once

#include "labels.h"

#include <optional>

namespace routemap {

struct IngressBackend {
    QString serviceName;  // empty for a resource backend
    int portNumber = 0;
    QString portName;
    ObjectRef resource;   // a non-Service backend (apiGroup/kind/name), namespace = the Ingress's
    bool malformed = false; // neither a service nor a resource

    bool isService() const { return !serviceName.isEmpty(); }
    bool isResource() const { return resource.isValid(); }
    QString portDisplay() const; // "80", "http" or ""
};

struct IngressPath {
    QString path;     // may be empty (matches everything)
    QString pathType; // Prefix, Exact, ImplementationSpecific
    IngressBackend backend;
};

struct IngressRule {
    QString host; // empty = any host
    QList<IngressPath> paths;
};

struct IngressTls {
    QStringList hosts;
    QString secretName;
};

struct Ingress {
    ObjectPtr object;
    QString className;       // spec.ingressClassName
    QString classAnnotation; // kubernetes.io/ingress.class (deprecated)
    std::optional<IngressBackend> defaultBackend;
    QList<IngressRule> rules;
    QList<IngressTls> tls;
    QStringList loadBalancerAddresses;
    bool hasStatus = false;

    const ObjectRef &ref() const { return object->ref; }
    // The class the Ingress asks for: spec first, then the annotation. Empty when it names none.
    QString requestedClass() const { return !className.isEmpty() ? className : classAnnotation; }

    static Ingress fromObject(const ObjectPtr &object);
};

struct IngressClass {
    ObjectPtr object;
    QString controller; // spec.controller, e.g. k8s.io/ingress-nginx
    bool isDefault = false;
    ObjectRef parameters;

    const ObjectRef &ref() const { return object->ref; }
    static IngressClass fromObject(const ObjectPtr &object);
};

// True when `host` is covered by `pattern` ("*.example.com" covers "a.example.com", not "a.b.example.com").
bool hostMatches(const QString &pattern, const QString &host);

} // namespace routemap
