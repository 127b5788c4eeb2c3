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
