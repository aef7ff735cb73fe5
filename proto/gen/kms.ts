import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { KMSServiceClient as _sidero_kms_KMSServiceClient, KMSServiceDefinition as _sidero_kms_KMSServiceDefinition } from './sidero/kms/KMSService.ts';
import type { Request as _sidero_kms_Request, Request__Output as _sidero_kms_Request__Output } from './sidero/kms/Request.ts';
import type { Response as _sidero_kms_Response, Response__Output as _sidero_kms_Response__Output } from './sidero/kms/Response.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  sidero: {
    kms: {
      KMSService: SubtypeConstructor<typeof grpc.Client, _sidero_kms_KMSServiceClient> & { service: _sidero_kms_KMSServiceDefinition }
      Request: MessageTypeDefinition<_sidero_kms_Request, _sidero_kms_Request__Output>
      Response: MessageTypeDefinition<_sidero_kms_Response, _sidero_kms_Response__Output>
    }
  }
}

