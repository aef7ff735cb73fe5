// Original file: proto/kms/kms.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Request as _sidero_kms_Request, Request__Output as _sidero_kms_Request__Output } from '../../sidero/kms/Request.ts';
import type { Response as _sidero_kms_Response, Response__Output as _sidero_kms_Response__Output } from '../../sidero/kms/Response.ts';

export interface KMSServiceClient extends grpc.Client {
  Seal(argument: _sidero_kms_Request, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sidero_kms_Response__Output>): grpc.ClientUnaryCall;
  Seal(argument: _sidero_kms_Request, metadata: grpc.Metadata, callback: grpc.requestCallback<_sidero_kms_Response__Output>): grpc.ClientUnaryCall;
  Seal(argument: _sidero_kms_Request, options: grpc.CallOptions, callback: grpc.requestCallback<_sidero_kms_Response__Output>): grpc.ClientUnaryCall;
  Seal(argument: _sidero_kms_Request, callback: grpc.requestCallback<_sidero_kms_Response__Output>): grpc.ClientUnaryCall;
  seal(argument: _sidero_kms_Request, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sidero_kms_Response__Output>): grpc.ClientUnaryCall;
  seal(argument: _sidero_kms_Request, metadata: grpc.Metadata, callback: grpc.requestCallback<_sidero_kms_Response__Output>): grpc.ClientUnaryCall;
  seal(argument: _sidero_kms_Request, options: grpc.CallOptions, callback: grpc.requestCallback<_sidero_kms_Response__Output>): grpc.ClientUnaryCall;
  seal(argument: _sidero_kms_Request, callback: grpc.requestCallback<_sidero_kms_Response__Output>): grpc.ClientUnaryCall;
  
  Unseal(argument: _sidero_kms_Request, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sidero_kms_Response__Output>): grpc.ClientUnaryCall;
  Unseal(argument: _sidero_kms_Request, metadata: grpc.Metadata, callback: grpc.requestCallback<_sidero_kms_Response__Output>): grpc.ClientUnaryCall;
  Unseal(argument: _sidero_kms_Request, options: grpc.CallOptions, callback: grpc.requestCallback<_sidero_kms_Response__Output>): grpc.ClientUnaryCall;
  Unseal(argument: _sidero_kms_Request, callback: grpc.requestCallback<_sidero_kms_Response__Output>): grpc.ClientUnaryCall;
  unseal(argument: _sidero_kms_Request, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_sidero_kms_Response__Output>): grpc.ClientUnaryCall;
  unseal(argument: _sidero_kms_Request, metadata: grpc.Metadata, callback: grpc.requestCallback<_sidero_kms_Response__Output>): grpc.ClientUnaryCall;
  unseal(argument: _sidero_kms_Request, options: grpc.CallOptions, callback: grpc.requestCallback<_sidero_kms_Response__Output>): grpc.ClientUnaryCall;
  unseal(argument: _sidero_kms_Request, callback: grpc.requestCallback<_sidero_kms_Response__Output>): grpc.ClientUnaryCall;
  
}

export interface KMSServiceHandlers extends grpc.UntypedServiceImplementation {
  Seal: grpc.handleUnaryCall<_sidero_kms_Request__Output, _sidero_kms_Response>;
  
  Unseal: grpc.handleUnaryCall<_sidero_kms_Request__Output, _sidero_kms_Response>;
  
}

export interface KMSServiceDefinition extends grpc.ServiceDefinition {
  Seal: MethodDefinition<_sidero_kms_Request, _sidero_kms_Response, _sidero_kms_Request__Output, _sidero_kms_Response__Output>
  Unseal: MethodDefinition<_sidero_kms_Request, _sidero_kms_Response, _sidero_kms_Request__Output, _sidero_kms_Response__Output>
}
