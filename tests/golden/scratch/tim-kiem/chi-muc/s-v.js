CongkhaiSearch.load("s:v",{"van":[[],"HM"],"viec":[[],"AM"],"vn":[[],"HM"]});
