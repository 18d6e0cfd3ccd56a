/** A namespace of one cluster: declared by a Namespace object, or implied by objects that live in it. */
export interface NamespaceModel {
  readonly cluster: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** False when no Namespace object was given and the namespace is only implied. */
  readonly declared: boolean;
}
