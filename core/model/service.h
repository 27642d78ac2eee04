#pragma once

#include "labels.h"

namespace routemap {

struct ServicePort {
    QString name;
    QString protocol = QStringLiteral("TCP");
    QString appProtocol;
    int port = 0;
    int targetPortNumber = 0; // 0 when targetPort is a name
    QString targetPortName;   // set when targetPort is a name
    int nodePort = 0;

    // "80→8080/TCP", "443→https"
    QString display() const;
};

struct Service {
    ObjectPtr object;
    QString type = QStringLiteral("ClusterIP"); // ClusterIP, NodePort, LoadBalancer, ExternalName
    Labels selector;
    bool hasSelector = false; // a non-empty selector
    QList<ServicePort> ports;
    QString externalName;
    QString clusterIP;
    QString externalTrafficPolicy;
    QStringList loadBalancerAddresses; // status.loadBalancer.ingress[].ip / hostname
    bool hasStatus = false;

    const ObjectRef &ref() const { return object->ref; }
    bool isHeadless() const { return clusterIP == QLatin1String("None"); }
    bool isExternalName() const { return type == QLatin1String("ExternalName"); }
    bool isLoadBalancer() const { return type == QLatin1String("LoadBalancer"); }
    bool exposesNodePorts() const { return type == QLatin1String("NodePort") || isLoadBalancer(); }
    const ServicePort *portByNumber(int port) const;
    const ServicePort *portByName(const QString &name) const;

    static Service fromObject(const ObjectPtr &object);
};

struct EndpointAddress {
    QString ip;
    QString nodeName;
    QString targetPodName; // targetRef of kind Pod
    bool ready = true;
};

// One Endpoints object or one EndpointSlice, reduced to what the graph and rules need.
struct EndpointSet {
    ObjectPtr object;
    QString serviceName; // Endpoints: its own name; EndpointSlice: label kubernetes.io/service-name
    QList<EndpointAddress> addresses;
    QList<int> ports;

    const ObjectRef &ref() const { return object->ref; }
    static EndpointSet fromEndpoints(const ObjectPtr &object);
    static EndpointSet fromEndpointSlice(const ObjectPtr &object);
};

// `status.loadBalancer.ingress[]` of a Service, Ingress or Gateway (`status.addresses[]`).
QStringList loadBalancerAddresses(const QJsonObject &status);

} // namespace routemap
