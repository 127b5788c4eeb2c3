// One multi-document file of N Deployments (plain manifests, no kustomization), the shape `kustomize build | gaia
// validate -` produces for a large app: for the plain-manifest throughput and scaling figures and the large-file tests.
// Deterministic for a given N; every Deployment carries its own labels, so cross-object rules have real work to do.
function deployment(i: number): string {
  const name = `app-${i}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: team-${i % 50}
  labels:
    app.kubernetes.io/name: ${name}
    app.kubernetes.io/part-of: platform
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
        app.kubernetes.io/part-of: platform
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: app
          image: registry.example.com/platform/${name}:1.0.${i % 10}
          ports:
            - name: http
              containerPort: 8080
          resources:
            requests:
              cpu: 50m
              memory: 64Mi
            limits:
              cpu: 200m
              memory: 128Mi
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          readinessProbe:
            httpGet:
              path: /readyz
              port: http
`;
}

/** The YAML text of `count` Deployments, `---`-separated. */
export function plainDeployments(count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(deployment(i));
  return parts.join("---\n");
}

/** A compact mix (ConfigMap, ServiceAccount, Service, Deployment per app; about 300 bytes an object): the large-file shape. */
export function plainMixedObjects(count: number): string {
  const parts: string[] = [];
  for (let i = 0; parts.length < count; i++) {
    const name = `app-${i}`;
    const meta = `metadata:\n  name: ${name}\n  namespace: team-${i % 500}\n  labels:\n    app.kubernetes.io/name: ${name}\n`;
    parts.push(`apiVersion: v1\nkind: ConfigMap\n${meta}data:\n  LOG_LEVEL: info\n`);
    parts.push(`apiVersion: v1\nkind: ServiceAccount\n${meta}automountServiceAccountToken: false\n`);
    parts.push(
      `apiVersion: v1\nkind: Service\n${meta}spec:\n  selector:\n    app.kubernetes.io/name: ${name}\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n`,
    );
    parts.push(
      `apiVersion: apps/v1\nkind: Deployment\n${meta}spec:\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: ${name}\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: ${name}\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/${name}:1.0.0\n          ports:\n            - name: http\n              containerPort: 8080\n`,
    );
  }
  return parts.slice(0, count).join("---\n");
}
