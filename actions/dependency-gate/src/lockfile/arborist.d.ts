// The parts of @npmcli/arborist's virtual tree this action reads. The package ships no types.
declare module '@npmcli/arborist' {
  export interface ArboristEdge {
    name: string;
    spec: string;
    type: 'prod' | 'dev' | 'optional' | 'peer' | 'peerOptional' | 'workspace';
    from: ArboristNode | null;
    to: ArboristNode | null;
    missing: boolean;
    invalid: boolean;
    optional: boolean;
    peer: boolean;
  }

  export interface ArboristNode {
    name: string;
    packageName: string;
    version: string;
    location: string;
    path: string;
    resolved: string | null;
    integrity: string | null;
    dev: boolean;
    optional: boolean;
    devOptional: boolean;
    peer: boolean;
    extraneous: boolean;
    hasInstallScript?: boolean;
    isLink: boolean;
    isProjectRoot: boolean;
    isWorkspace: boolean;
    inBundle: boolean;
    inDepBundle: boolean;
    target: ArboristNode;
    parent: ArboristNode | null;
    package: Record<string, unknown>;
    edgesOut: Map<string, ArboristEdge>;
    edgesIn: Set<ArboristEdge>;
    inventory: Map<string, ArboristNode>;
    meta?: { originalLockfileVersion?: number; type?: string };
    getBundler(): ArboristNode | null;
  }

  export default class Arborist {
    constructor(options: { path: string; [key: string]: unknown });
    loadVirtual(options?: Record<string, unknown>): Promise<ArboristNode>;
  }
}
