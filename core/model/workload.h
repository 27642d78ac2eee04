#pragma once

#include "labels.h"

namespace routemap {

struct ContainerPort {
    QString name;
    int containerPort = 0;
    QString protocol = QStringLiteral("TCP");
};

struct Container {
    QString name;
    QList<ContainerPort> ports;
};

struct PodTemplate {
    Labels labels;
    QList<Container> containers;
    bool present = false; // false when the workload has no (or a null) template
};

// Deployment, ReplicaSet, ReplicationController, StatefulSet, DaemonSet, Job, CronJob.
struct Workload {
    ObjectPtr object;
    LabelSelector selector; // ReplicationController's plain selector is converted
    PodTemplate podTemplate;
    int replicas = -1;      // spec.replicas; -1 when not set (defaults to 1 for scalable kinds)
    int readyReplicas = -1; // status.readyReplicas (or numberReady); -1 when the object carries no status

    const ObjectRef &ref() const { return object->ref; }
    static Workload fromObject(const ObjectPtr &object);
};

struct Pod {
    ObjectPtr object;
    Labels labels;
    QList<Container> containers;
    QString phase;
    QString nodeName;
    QString podIP;
    bool ready = false;     // condition Ready=True
    bool hasStatus = false;

    const ObjectRef &ref() const { return object->ref; }
    static Pod fromObject(const ObjectPtr &object);
};

// Reads a pod spec's containers (and init containers with ports, which can serve traffic as sidecars).
QList<Container> containersFromPodSpec(const QJsonObject &podSpec);
bool isWorkloadKind(const QString &kind);

} // namespace routemap
