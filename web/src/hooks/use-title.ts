import { useEffect } from 'react';

const SITE = 'MLEbotics Marketplace';

/** Sets the document title for the page shown ("Thermo Watch · MLEbotics Marketplace"). */
export function useTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · ${SITE}` : SITE;
  }, [title]);
}
