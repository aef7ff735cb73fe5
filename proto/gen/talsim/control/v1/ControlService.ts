// Original file: proto/talsim/control.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { FaultHealRequest as _talsim_control_v1_FaultHealRequest, FaultHealRequest__Output as _talsim_control_v1_FaultHealRequest__Output } from '../../../talsim/control/v1/FaultHealRequest.ts';
import type { FaultHealResponse as _talsim_control_v1_FaultHealResponse, FaultHealResponse__Output as _talsim_control_v1_FaultHealResponse__Output } from '../../../talsim/control/v1/FaultHealResponse.ts';
import type { FaultInjectRequest as _talsim_control_v1_FaultInjectRequest, FaultInjectRequest__Output as _talsim_control_v1_FaultInjectRequest__Output } from '../../../talsim/control/v1/FaultInjectRequest.ts';
import type { FaultInjectResponse as _talsim_control_v1_FaultInjectResponse, FaultInjectResponse__Output as _talsim_control_v1_FaultInjectResponse__Output } from '../../../talsim/control/v1/FaultInjectResponse.ts';
import type { FaultListRequest as _talsim_control_v1_FaultListRequest, FaultListRequest__Output as _talsim_control_v1_FaultListRequest__Output } from '../../../talsim/control/v1/FaultListRequest.ts';
import type { FaultListResponse as _talsim_control_v1_FaultListResponse, FaultListResponse__Output as _talsim_control_v1_FaultListResponse__Output } from '../../../talsim/control/v1/FaultListResponse.ts';
import type { StatusRequest as _talsim_control_v1_StatusRequest, StatusRequest__Output as _talsim_control_v1_StatusRequest__Output } from '../../../talsim/control/v1/StatusRequest.ts';
import type { StatusResponse as _talsim_control_v1_StatusResponse, StatusResponse__Output as _talsim_control_v1_StatusResponse__Output } from '../../../talsim/control/v1/StatusResponse.ts';
import type { TimeControlRequest as _talsim_control_v1_TimeControlRequest, TimeControlRequest__Output as _talsim_control_v1_TimeControlRequest__Output } from '../../../talsim/control/v1/TimeControlRequest.ts';
import type { TimeControlResponse as _talsim_control_v1_TimeControlResponse, TimeControlResponse__Output as _talsim_control_v1_TimeControlResponse__Output } from '../../../talsim/control/v1/TimeControlResponse.ts';

export interface ControlServiceClient extends grpc.Client {
  FaultHeal(argument: _talsim_control_v1_FaultHealRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_talsim_control_v1_FaultHealResponse__Output>): grpc.ClientUnaryCall;
  FaultHeal(argument: _talsim_control_v1_FaultHealRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_talsim_control_v1_FaultHealResponse__Output>): grpc.ClientUnaryCall;
  FaultHeal(argument: _talsim_control_v1_FaultHealRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_talsim_control_v1_FaultHealResponse__Output>): grpc.ClientUnaryCall;
  FaultHeal(argument: _talsim_control_v1_FaultHealRequest, callback: grpc.requestCallback<_talsim_control_v1_FaultHealResponse__Output>): grpc.ClientUnaryCall;
  faultHeal(argument: _talsim_control_v1_FaultHealRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_talsim_control_v1_FaultHealResponse__Output>): grpc.ClientUnaryCall;
  faultHeal(argument: _talsim_control_v1_FaultHealRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_talsim_control_v1_FaultHealResponse__Output>): grpc.ClientUnaryCall;
  faultHeal(argument: _talsim_control_v1_FaultHealRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_talsim_control_v1_FaultHealResponse__Output>): grpc.ClientUnaryCall;
  faultHeal(argument: _talsim_control_v1_FaultHealRequest, callback: grpc.requestCallback<_talsim_control_v1_FaultHealResponse__Output>): grpc.ClientUnaryCall;
  
  FaultInject(argument: _talsim_control_v1_FaultInjectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_talsim_control_v1_FaultInjectResponse__Output>): grpc.ClientUnaryCall;
  FaultInject(argument: _talsim_control_v1_FaultInjectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_talsim_control_v1_FaultInjectResponse__Output>): grpc.ClientUnaryCall;
  FaultInject(argument: _talsim_control_v1_FaultInjectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_talsim_control_v1_FaultInjectResponse__Output>): grpc.ClientUnaryCall;
  FaultInject(argument: _talsim_control_v1_FaultInjectRequest, callback: grpc.requestCallback<_talsim_control_v1_FaultInjectResponse__Output>): grpc.ClientUnaryCall;
  faultInject(argument: _talsim_control_v1_FaultInjectRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_talsim_control_v1_FaultInjectResponse__Output>): grpc.ClientUnaryCall;
  faultInject(argument: _talsim_control_v1_FaultInjectRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_talsim_control_v1_FaultInjectResponse__Output>): grpc.ClientUnaryCall;
  faultInject(argument: _talsim_control_v1_FaultInjectRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_talsim_control_v1_FaultInjectResponse__Output>): grpc.ClientUnaryCall;
  faultInject(argument: _talsim_control_v1_FaultInjectRequest, callback: grpc.requestCallback<_talsim_control_v1_FaultInjectResponse__Output>): grpc.ClientUnaryCall;
  
  FaultList(argument: _talsim_control_v1_FaultListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_talsim_control_v1_FaultListResponse__Output>): grpc.ClientUnaryCall;
  FaultList(argument: _talsim_control_v1_FaultListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_talsim_control_v1_FaultListResponse__Output>): grpc.ClientUnaryCall;
  FaultList(argument: _talsim_control_v1_FaultListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_talsim_control_v1_FaultListResponse__Output>): grpc.ClientUnaryCall;
  FaultList(argument: _talsim_control_v1_FaultListRequest, callback: grpc.requestCallback<_talsim_control_v1_FaultListResponse__Output>): grpc.ClientUnaryCall;
  faultList(argument: _talsim_control_v1_FaultListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_talsim_control_v1_FaultListResponse__Output>): grpc.ClientUnaryCall;
  faultList(argument: _talsim_control_v1_FaultListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_talsim_control_v1_FaultListResponse__Output>): grpc.ClientUnaryCall;
  faultList(argument: _talsim_control_v1_FaultListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_talsim_control_v1_FaultListResponse__Output>): grpc.ClientUnaryCall;
  faultList(argument: _talsim_control_v1_FaultListRequest, callback: grpc.requestCallback<_talsim_control_v1_FaultListResponse__Output>): grpc.ClientUnaryCall;
  
  Status(argument: _talsim_control_v1_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_talsim_control_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _talsim_control_v1_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_talsim_control_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _talsim_control_v1_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_talsim_control_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _talsim_control_v1_StatusRequest, callback: grpc.requestCallback<_talsim_control_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _talsim_control_v1_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_talsim_control_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _talsim_control_v1_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_talsim_control_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _talsim_control_v1_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_talsim_control_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _talsim_control_v1_StatusRequest, callback: grpc.requestCallback<_talsim_control_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  
  TimeControl(argument: _talsim_control_v1_TimeControlRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_talsim_control_v1_TimeControlResponse__Output>): grpc.ClientUnaryCall;
  TimeControl(argument: _talsim_control_v1_TimeControlRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_talsim_control_v1_TimeControlResponse__Output>): grpc.ClientUnaryCall;
  TimeControl(argument: _talsim_control_v1_TimeControlRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_talsim_control_v1_TimeControlResponse__Output>): grpc.ClientUnaryCall;
  TimeControl(argument: _talsim_control_v1_TimeControlRequest, callback: grpc.requestCallback<_talsim_control_v1_TimeControlResponse__Output>): grpc.ClientUnaryCall;
  timeControl(argument: _talsim_control_v1_TimeControlRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_talsim_control_v1_TimeControlResponse__Output>): grpc.ClientUnaryCall;
  timeControl(argument: _talsim_control_v1_TimeControlRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_talsim_control_v1_TimeControlResponse__Output>): grpc.ClientUnaryCall;
  timeControl(argument: _talsim_control_v1_TimeControlRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_talsim_control_v1_TimeControlResponse__Output>): grpc.ClientUnaryCall;
  timeControl(argument: _talsim_control_v1_TimeControlRequest, callback: grpc.requestCallback<_talsim_control_v1_TimeControlResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface ControlServiceHandlers extends grpc.UntypedServiceImplementation {
  FaultHeal: grpc.handleUnaryCall<_talsim_control_v1_FaultHealRequest__Output, _talsim_control_v1_FaultHealResponse>;
  
  FaultInject: grpc.handleUnaryCall<_talsim_control_v1_FaultInjectRequest__Output, _talsim_control_v1_FaultInjectResponse>;
  
  FaultList: grpc.handleUnaryCall<_talsim_control_v1_FaultListRequest__Output, _talsim_control_v1_FaultListResponse>;
  
  Status: grpc.handleUnaryCall<_talsim_control_v1_StatusRequest__Output, _talsim_control_v1_StatusResponse>;
  
  TimeControl: grpc.handleUnaryCall<_talsim_control_v1_TimeControlRequest__Output, _talsim_control_v1_TimeControlResponse>;
  
}

export interface ControlServiceDefinition extends grpc.ServiceDefinition {
  FaultHeal: MethodDefinition<_talsim_control_v1_FaultHealRequest, _talsim_control_v1_FaultHealResponse, _talsim_control_v1_FaultHealRequest__Output, _talsim_control_v1_FaultHealResponse__Output>
  FaultInject: MethodDefinition<_talsim_control_v1_FaultInjectRequest, _talsim_control_v1_FaultInjectResponse, _talsim_control_v1_FaultInjectRequest__Output, _talsim_control_v1_FaultInjectResponse__Output>
  FaultList: MethodDefinition<_talsim_control_v1_FaultListRequest, _talsim_control_v1_FaultListResponse, _talsim_control_v1_FaultListRequest__Output, _talsim_control_v1_FaultListResponse__Output>
  Status: MethodDefinition<_talsim_control_v1_StatusRequest, _talsim_control_v1_StatusResponse, _talsim_control_v1_StatusRequest__Output, _talsim_control_v1_StatusResponse__Output>
  TimeControl: MethodDefinition<_talsim_control_v1_TimeControlRequest, _talsim_control_v1_TimeControlResponse, _talsim_control_v1_TimeControlRequest__Output, _talsim_control_v1_TimeControlResponse__Output>
}
