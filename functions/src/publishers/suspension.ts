// What a suspended publisher is told when it tries to publish (createUpload and the pipeline).

/** The refusal of a suspended publisher's uploads: who, why and what to do. */
export function suspendedMessage(publisherId: string, reason: string | undefined): string {
  return (
    `The publisher "${publisherId}" is suspended by the marketplace${reason ? `: ${reason}` : ''}. ` +
    'It cannot publish until the suspension is lifted; contact the marketplace administrators to appeal.'
  );
}
