// Original file: proto/resource/definitions/secrets/secrets.proto

import type { PEMEncodedCertificateAndKey as _common_PEMEncodedCertificateAndKey, PEMEncodedCertificateAndKey__Output as _common_PEMEncodedCertificateAndKey__Output } from '../../../../common/PEMEncodedCertificateAndKey.ts';
import type { PEMEncodedCertificate as _common_PEMEncodedCertificate, PEMEncodedCertificate__Output as _common_PEMEncodedCertificate__Output } from '../../../../common/PEMEncodedCertificate.ts';

export interface APICertsSpec {
  'client'?: (_common_PEMEncodedCertificateAndKey | null);
  'server'?: (_common_PEMEncodedCertificateAndKey | null);
  'accepted_c_as'?: (_common_PEMEncodedCertificate)[];
  'skip_verifying_client_cert'?: (boolean);
}

export interface APICertsSpec__Output {
  'client': (_common_PEMEncodedCertificateAndKey__Output | null);
  'server': (_common_PEMEncodedCertificateAndKey__Output | null);
  'accepted_c_as': (_common_PEMEncodedCertificate__Output)[];
  'skip_verifying_client_cert': (boolean);
}
